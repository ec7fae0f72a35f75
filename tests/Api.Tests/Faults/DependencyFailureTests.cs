using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Brands;
using Nox.Hosting;
using Nox.LinkSessions;
using Nox.Testing.Faults;
using Orleans.Persistence.Redis;
using Orleans.Serialization;

namespace Nox.Api.Tests.Faults;

/// <summary>
/// A failing dependency is a 503 with Retry-After and leaves the session as it was; a storage failure that
/// retrying does not cure is a 500, logged once where it happens; time that passes while the connector
/// works still ends the session at its expires_at.
/// </summary>
public abstract class DependencyFailureTests(FaultsFixture fixture)
{
    [Collection(SplitFaultsCollection.Name)]
    public sealed class Split(SplitFaultsFixture fixture) : DependencyFailureTests(fixture);

    [Collection(CoHostedFaultsCollection.Name)]
    public sealed class CoHosted(CoHostedFaultsFixture fixture) : DependencyFailureTests(fixture);

    private static readonly string ScriptedBrand = SiloFaults.ScriptedBrand.ToWireName();

    private async Task<HttpResponseMessage> CompleteAsync(string token, string brand)
    {
        using var client = fixture.CreateClient(apiKey: null);
        return await client.PostAsync($"/v2/link-sessions/{token}/complete", HttpAssert.Json($$"""{"brand":"{{brand}}"}"""));
    }

    private async Task<HttpResponseMessage> GetAsync(string token)
    {
        using var client = fixture.CreateClient();
        return await client.GetAsync($"/v2/supplier/link-sessions/{token}");
    }

    private async Task<string> StatusOfAsync(string token) =>
        (await (await GetAsync(token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await HttpAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_failing_connector_is_503_with_retry_after_and_the_session_stays_pending()
    {
        var token = await fixture.CreateSessionAsync();
        using (fixture.Faults.Connector.Script((_, _) => Task.FromException<BrandConnection>(new HttpRequestException("500 from vendor"))))
        {
            await AssertUnavailableAsync(await CompleteAsync(token, ScriptedBrand));
        }

        Assert.Equal("pending", await StatusOfAsync(token));
        Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(token, ScriptedBrand)).StatusCode);
    }

    [Fact]
    public async Task A_connector_that_does_not_answer_is_503_at_its_10_second_deadline()
    {
        var token = await fixture.CreateSessionAsync();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (fixture.Faults.Connector.Script((_, _) =>
        {
            entered.TrySetResult();
            return new TaskCompletionSource<BrandConnection>().Task;
        }))
        {
            var completing = CompleteAsync(token, ScriptedBrand);
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            fixture.Clock.Advance(BrandConnections.Deadline);

            await AssertUnavailableAsync(await completing.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal("pending", await StatusOfAsync(token));
    }

    [Fact]
    public async Task A_session_that_expires_while_the_connector_works_is_410_and_stays_expired()
    {
        var token = await fixture.CreateSessionAsync();
        var expiresAt = (await (await GetAsync(token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expires_at").GetInt64();
        using (fixture.Faults.Connector.Script((account, cancellationToken) =>
        {
            fixture.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(expiresAt));
            return new SandboxBrandConnector().ConnectAsync(account, cancellationToken);
        }))
        {
            await HttpAssert.ErrorAsync(await CompleteAsync(token, ScriptedBrand), HttpStatusCode.Gone);
        }

        var session = await (await GetAsync(token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("expired", session.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("completed_at").ValueKind);
        await HttpAssert.ErrorAsync(await CompleteAsync(token, ScriptedBrand), HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Stored_state_that_does_not_deserialize_is_a_500_logged_once_with_its_cause_and_no_storage_key()
    {
        var token = await fixture.CreateSessionAsync();
        var grain = fixture.SessionGrainId(token);
        var grainKey = LinkToken.ToGrainKey(token);
        var storageKey = $"nox/state/linksession/{grainKey}/session";
        // As Orleans' Redis provider reports a value its serializer cannot read.
        fixture.Faults.Storage.FailEveryRead(grain, new RedisStorageException(
            $"Failed to read grain state for session with ID {grain} and storage key {storageKey}. {typeof(SerializerException).FullName}: Unexpected end of buffer."));
        try
        {
            var before = StorageFailureLogs().Count;

            var read = await GetAsync(token);

            var body = await HttpAssert.ErrorAsync(read, HttpStatusCode.InternalServerError);
            Assert.Null(read.Headers.RetryAfter);
            Assert.DoesNotContain(grainKey, body.GetRawText(), StringComparison.Ordinal);
            var logged = Assert.Single(StorageFailureLogs().Skip(before));
            Assert.Contains(typeof(SerializerException).FullName!, logged.Message, StringComparison.Ordinal);
            Assert.Contains("Unexpected end of buffer.", logged.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(grainKey, logged.AllText, StringComparison.Ordinal);
            await HttpAssert.ErrorAsync(await CompleteAsync(token, "daikin"), HttpStatusCode.InternalServerError);
        }
        finally
        {
            fixture.Faults.Storage.Heal(grain);
        }
    }

    [Fact]
    public async Task Storage_that_does_not_answer_is_503_with_retry_after()
    {
        var token = await fixture.CreateSessionAsync();
        var grain = fixture.SessionGrainId(token);
        fixture.Faults.Storage.FailEveryRead(grain, new RedisStorageException(
            $"Failed to read grain state for session with ID {grain} and storage key k. StackExchange.Redis.RedisConnectionException: No connection is active/available to service this operation."));
        try
        {
            await AssertUnavailableAsync(await GetAsync(token));
            await AssertUnavailableAsync(await CompleteAsync(token, "daikin"));
        }
        finally
        {
            fixture.Faults.Storage.Heal(grain);
        }
    }

    private List<Telemetry.CapturedLog> StorageFailureLogs() =>
        [.. fixture.SiloLogs.All.Where(l => l.Category == typeof(StorageFailureTranslation).FullName && l.EventName == "LogFailed")];
}
