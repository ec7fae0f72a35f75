using System.Net;
using Nox.Api.Idempotency;
using Nox.Api.Tests.Faults;
using Nox.Idempotency;
using Nox.Testing;
using StackExchange.Redis;
using static Nox.Api.Tests.Idempotency.IdempotencyRequests;

namespace Nox.Api.Tests.Idempotency;

/// <summary>
/// Idempotency-Key answers that need storage to be slow or to fail (<see cref="FaultsFixture"/>), or the domain
/// clock to move a day: a concurrent duplicate, a create that ended in 503, the end of the 24 hours.
/// </summary>
public abstract class IdempotencyKeyFaultTests(FaultsFixture fixture)
{
    [Collection(SplitFaultsCollection.Name)]
    public sealed class Split(SplitFaultsFixture fixture) : IdempotencyKeyFaultTests(fixture);

    [Collection(CoHostedFaultsCollection.Name)]
    public sealed class CoHosted(CoHostedFaultsFixture fixture) : IdempotencyKeyFaultTests(fixture);

    private static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(30);

    private static RedisConnectionException RedisDown() => new(ConnectionFailureType.SocketFailure, CommandFlags.None, "No connection is active/available to service this operation.", null, CommandStatus.Unknown);

    /// <summary>The grain that holds acme's <paramref name="key"/>: where its record is stored.</summary>
    private GrainId RecordOf(string key) =>
        fixture.Host.Grains.GetGrain<IIdempotencyKeyGrain>(SupplierIdempotencyKey.For("acme", key).GrainKey).GetGrainId();

    [Fact]
    public async Task A_request_while_the_first_is_processed_is_409_and_a_retry_after_it_gets_the_first_answer()
    {
        using var client = fixture.CreateClient();
        var key = Guid.NewGuid().ToString();
        var hold = fixture.Faults.Storage.HoldNextWrite(RecordOf(key));
        var firstTask = PostAsync(client, key, Body());
        await hold.Reached.WaitAsync(HoldTimeout);

        var duplicate = await PostAsync(client, key, Body());
        var different = await PostAsync(client, key, Body(userId: "user-2"));
        hold.Release();
        var first = await firstTask;

        await HttpAssert.ErrorAsync(duplicate, HttpStatusCode.Conflict, "still being processed");
        await HttpAssert.ErrorAsync(different, HttpStatusCode.Conflict, "still being processed");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Null(Replayed(first));
        await AssertReplayOfAsync(first, await PostAsync(client, key, Body()));
    }

    [Fact]
    public async Task A_create_that_ended_in_503_is_not_kept_and_its_retry_runs_anew()
    {
        using var client = fixture.CreateClient();
        var key = Guid.NewGuid().ToString();
        fixture.Faults.Storage.FailNextWrite(RecordOf(key), RedisDown());

        var unavailable = await PostAsync(client, key, Body());

        await HttpAssert.ErrorAsync(unavailable, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(unavailable.Headers.RetryAfter);
        var retry = await PostAsync(client, key, Body());
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Null(Replayed(retry));
        await AssertReplayOfAsync(retry, await PostAsync(client, key, Body()));
    }

    [Fact]
    public async Task A_key_is_kept_24_hours_from_the_sessions_created_at()
    {
        using var client = fixture.CreateClient();
        var key = Guid.NewGuid().ToString();
        var first = await PostAsync(client, key, Body());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // The clock is between two seconds, and created_at is the whole second before it.
        fixture.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await AssertReplayOfAsync(first, await PostAsync(client, key, Body()));

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var anew = await PostAsync(client, key, Body());
        Assert.Equal(HttpStatusCode.Created, anew.StatusCode);
        Assert.Null(Replayed(anew));
        Assert.NotEqual(first.Headers.Location, anew.Headers.Location);
        await AssertReplayOfAsync(anew, await PostAsync(client, key, Body()));
    }
}
