using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;
using Nox.Testing.Webhooks;

namespace Nox.Integration.Tests;

/// <summary>The real topology on a real Redis: silo and API processes, Redis clustering and storage.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisStorageTests(RedisFixture fixture)
{
    [Fact]
    public async Task A_session_written_by_one_silo_is_read_back_after_that_silo_is_replaced()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var first = await nox.StartSiloAsync();
        var api = await nox.StartApiAsync();
        using var client = api.CreateClient();
        var created = await Eventually.UntilAsync(() => api.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();

        await first.Child.StopAsync();
        await nox.StartSiloAsync();

        var read = await Eventually.UntilAsync(
            () => client.GetAsync(created.Headers.Location),
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.GetRawText(), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    [Fact]
    public async Task Session_entries_carry_a_ttl_of_a_day_past_their_end_and_supplier_entries_none()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var api = await nox.StartApiAsync();
        using var client = api.CreateClient();
        var created = await Eventually.UntilAsync(() => api.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
        var database = fixture.Redis.Connection.GetDatabase();

        var sessionKey = $"{nox.ServiceId}/state/linksession/{GrainKeys.OfToken(token)}/session";
        var ttl = await database.KeyTimeToLiveAsync(sessionKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(24) + TimeSpan.FromMinutes(9), TimeSpan.FromHours(24) + TimeSpan.FromMinutes(10));
        Assert.DoesNotContain(token, sessionKey, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{created.Headers.Location}/expire", null)).StatusCode);
        Assert.InRange((await database.KeyTimeToLiveAsync(sessionKey))!.Value, TimeSpan.FromHours(24), TimeSpan.FromHours(24) + TimeSpan.FromMinutes(10));

        var supplierKeys = await RedisContents.KeysAsync(fixture.Redis, $"{nox.ServiceId}/state/supplier*");
        Assert.NotEmpty(supplierKeys);
        foreach (var key in supplierKeys)
        {
            Assert.Null(await database.KeyTimeToLiveAsync(key));
        }
    }

    [Fact]
    public async Task Api_keys_are_stored_only_as_digests()
    {
        const string adminKey = "integration-admin-key-0123456789abcdef";
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var api = await nox.StartApiAsync(new Dictionary<string, string?> { ["Nox__AdminApiKeys__0"] = adminKey });
        using var client = api.CreateClient();
        await Eventually.UntilAsync(() => api.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        // A key issued through the admin API, and used, is stored as a digest too.
        using var admin = api.CreateClient(apiKey: null);
        admin.DefaultRequestHeaders.Add("x-admin-key", adminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v2/admin/suppliers", new { name = "issued", allowed_redirect_urls = new[] { NoxProcesses.RedirectUrl } })).StatusCode);
        var issued = await admin.PostAsync("/v2/admin/suppliers/issued/api-keys", content: null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var issuedKey = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var issuedClient = api.CreateClient(issuedKey);
        Assert.Equal(HttpStatusCode.Created, (await api.CreateSessionAsync(issuedClient)).StatusCode);

        await RedisContents.AssertNowhereAsync(fixture.Redis, nox.ServiceId, NoxProcesses.ApiKey, issuedKey);
    }

    [Fact]
    public async Task Link_tokens_are_in_no_key_or_value_after_create_open_complete_and_webhook_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync(new Dictionary<string, string?> { ["Nox__Webhooks__AllowPrivateNetworks"] = "true" });
        var api = await nox.StartApiAsync();
        using var client = api.CreateClient();
        var url = receiver.NewUrl();
        var endpoint = await Eventually.UntilAsync(
            () => client.PostAsJsonAsync("/v2/supplier/webhook-endpoints", new { url }),
            r => r.StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, endpoint.StatusCode);
        using var page = api.CreateClient(apiKey: null);
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await api.CreateSessionAsync(client);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            tokens.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!);
        }

        // One only created, one opened (the Authenticator page), one opened and completed.
        foreach (var token in tokens.Skip(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/ui?token={token}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await page.PostAsJsonAsync($"/v2/link-sessions/{tokens[2]}/complete", new { brand = "daikin" })).StatusCode);

        // Delivered with their tokens: sealed at rest, opened to be sent.
        var delivered = await receiver.WaitForAsync(url, count: 3, within: TimeSpan.FromSeconds(60));
        Assert.Equal(
            new[] { (tokens[1], "link_session.opened"), (tokens[2], "link_session.opened"), (tokens[2], "link_session.completed") }.Order(),
            delivered.Select(d => (d.Json.GetProperty("data").GetProperty("link_token").GetString()!, d.Type!)).Order());
        var log = await client.GetFromJsonAsync<JsonElement>("/v2/supplier/events");
        Assert.Equal(3, log.GetProperty("data").EnumerateArray().Count(e => tokens.Contains(e.GetProperty("data").GetProperty("link_token").GetString()!)));

        await RedisContents.AssertNowhereAsync(fixture.Redis, nox.ServiceId, [.. tokens]);
    }

    [Fact]
    public async Task The_api_answers_503_with_retry_after_while_no_silo_is_up_and_recovers_when_one_starts()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var api = await nox.StartApiAsync();
        using var client = api.CreateClient();

        var started = DateTime.UtcNow;
        var unavailable = await api.CreateSessionAsync(client);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.NotNull(unavailable.Headers.RetryAfter);
        Assert.Contains("\"error\"", await unavailable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await nox.StartSiloAsync();
        var created = await Eventually.UntilAsync(() => api.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task A_session_whose_stored_state_is_corrupt_answers_500_and_the_silo_logs_its_cause_once_without_the_key()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync(coHostApi: true);
        using var client = silo.CreateClient();
        var created = await Eventually.UntilAsync(() => silo.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
        var grainKey = GrainKeys.OfToken(token);
        await fixture.Redis.Connection.GetDatabase().HashSetAsync($"{nox.ServiceId}/state/linksession/{grainKey}/session", "data", "not a session");

        var read = await client.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.InternalServerError, read.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        Assert.Null(read.Headers.RetryAfter);
        var logged = await Eventually.UntilAsync(
            () => Task.FromResult(silo.Child.AllLines.Where(l => l.Contains("a retry will not help", StringComparison.Ordinal)).ToList()),
            lines => lines.Count > 0,
            TimeSpan.FromSeconds(10));
        var line = Assert.Single(logged);
        Assert.Contains("linksession", line, StringComparison.Ordinal);
        Assert.DoesNotContain(grainKey, line, StringComparison.Ordinal);
        Assert.DoesNotContain("RedisStorageException", line, StringComparison.Ordinal);
    }
}
