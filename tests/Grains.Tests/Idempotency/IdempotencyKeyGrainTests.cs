using Nox.Idempotency;
using Nox.LinkSessions;
using Nox.Testing.Faults;
using Orleans.Storage;
using StackExchange.Redis;

namespace Nox.Grains.Tests.Idempotency;

/// <summary>
/// The grain of one supplier's Idempotency-Key, on the shared cluster (two silos, in-memory storage behind
/// <see cref="SiloFaults"/>) with the fake domain clock. Each test uses a key of its own.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyKeyGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(30);

    private static NewLinkSession Request(string userId = "user-1") =>
        new(ClusterFixture.Supplier, userId, "https://acme.example/return", Brand.Daikin, Language.En);

    /// <summary>As the API sends each request: a freshly minted token, sealed (opaque to the grain).</summary>
    private static IdempotentLinkSessionCreation Creation(NewLinkSession? request = null) =>
        new(LinkToken.ToGrainKey(LinkToken.Mint()), request ?? Request(), $"sealed-{Guid.NewGuid():N}");

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    private static RedisConnectionException RedisDown() => new(ConnectionFailureType.SocketFailure, CommandFlags.None, "No connection is active/available to service this operation.", null, CommandStatus.Unknown);

    private IIdempotencyKeyGrain Key(string key) => fixture.Client.GetGrain<IIdempotencyKeyGrain>(key);

    private Task<LinkSession?> StoredSessionAsync(string sessionGrainKey) =>
        fixture.Client.GetGrain<ILinkSessionGrain>(sessionGrainKey).GetForSupplierAsync(ClusterFixture.Supplier);

    /// <summary>Writes a record (and its session) through the factory alone, as another silo did before this activation.</summary>
    private async Task<(IdempotentLinkSessionCreation Creation, LinkSessionCreationResult Result)> StoreThroughFactoryAsync(string key)
    {
        var creation = Creation();
        var results = await fixture.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(
            [new LinkSessionCreation(creation.SessionGrainKey, creation.Session, new IdempotencyRecordWrite(key, null, creation.SealedToken))]);
        return (creation, results[0]);
    }

    [Fact]
    public async Task The_first_request_opens_a_session_and_a_retry_gets_that_session_and_token_again()
    {
        var key = Key(NewKey());
        var first = Creation();

        var created = await key.CreateLinkSessionAsync(first);

        Assert.Equal(IdempotencyOutcome.Created, created.Outcome);
        Assert.Equal(created.Session, await StoredSessionAsync(first.SessionGrainKey));
        Assert.Null(created.SealedToken);

        var retry = Creation();
        var replayed = await key.CreateLinkSessionAsync(retry);

        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        Assert.Equal(created.Session, replayed.Session);
        Assert.Equal(first.SealedToken, replayed.SealedToken);
        Assert.Null(await StoredSessionAsync(retry.SessionGrainKey));
    }

    [Fact]
    public async Task A_different_request_under_the_key_is_a_mismatch_and_leaves_the_first_one_kept()
    {
        var key = Key(NewKey());
        var original = Request();
        var created = await key.CreateLinkSessionAsync(Creation(original));
        NewLinkSession[] others =
        [
            original with { SupplierUserId = "user-2" },
            original with { RedirectUrl = "https://acme.example/return?source=nox" },
            original with { Brand = null },
            original with { Brand = Brand.Nibe },
            original with { Language = Language.Nl },
            original with { Supplier = ClusterFixture.OtherSupplier },
        ];

        foreach (var other in others)
        {
            var creation = Creation(other);
            var answer = await key.CreateLinkSessionAsync(creation);

            Assert.Equal(IdempotencyOutcome.Mismatch, answer.Outcome);
            Assert.Null(answer.Session);
            Assert.Null(await fixture.Client.GetGrain<ILinkSessionGrain>(creation.SessionGrainKey).GetAsync());
        }

        var replayed = await key.CreateLinkSessionAsync(Creation(original));
        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        Assert.Equal(created.Session, replayed.Session);
    }

    [Fact]
    public async Task A_key_is_kept_24_hours_from_the_sessions_created_at_and_then_runs_anew()
    {
        var key = Key(NewKey());
        var first = (await key.CreateLinkSessionAsync(Creation())).Session!;
        var forgottenAt = DateTimeOffset.FromUnixTimeSeconds(first.CreatedAt) + TimeSpan.FromHours(24);

        fixture.Clock.SetUtcNow(forgottenAt - TimeSpan.FromMilliseconds(1));
        var lastReplay = await key.CreateLinkSessionAsync(Creation());
        Assert.Equal(IdempotencyOutcome.Replayed, lastReplay.Outcome);
        Assert.Equal(first, lastReplay.Session);

        fixture.Clock.SetUtcNow(forgottenAt);
        var second = Creation();
        var anew = await key.CreateLinkSessionAsync(second);
        Assert.Equal(IdempotencyOutcome.Created, anew.Outcome);
        Assert.NotEqual(first, anew.Session);
        Assert.Equal(forgottenAt.ToUnixTimeSeconds(), anew.Session!.CreatedAt);

        // The new record replaced the old one: retries now get the second session.
        var replayed = await key.CreateLinkSessionAsync(Creation());
        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        Assert.Equal(anew.Session, replayed.Session);
        Assert.Equal(second.SealedToken, replayed.SealedToken);
    }

    [Fact]
    public async Task A_request_while_the_first_is_processed_is_in_flight_whatever_its_body()
    {
        var keyName = NewKey();
        var key = Key(keyName);
        var hold = fixture.Faults.Storage.HoldNextWrite(key.GetGrainId());
        var firstCreation = Creation();
        var first = key.CreateLinkSessionAsync(firstCreation);
        await hold.Reached.WaitAsync(HoldTimeout);

        var duplicate = await key.CreateLinkSessionAsync(Creation());
        var other = await key.CreateLinkSessionAsync(Creation(Request("user-2")));
        hold.Release();
        var created = await first;

        Assert.Equal(IdempotencyOutcome.InFlight, duplicate.Outcome);
        Assert.Equal(IdempotencyOutcome.InFlight, other.Outcome);
        Assert.Equal(IdempotencyOutcome.Created, created.Outcome);
        var replayed = await key.CreateLinkSessionAsync(Creation());
        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        Assert.Equal(firstCreation.SealedToken, replayed.SealedToken);
    }

    [Fact]
    public async Task A_creation_whose_record_write_fails_fails_and_its_retry_runs_anew()
    {
        var key = Key(NewKey());
        fixture.Faults.Storage.FailNextWrite(key.GetGrainId(), RedisDown());

        await Assert.ThrowsAsync<StorageUnavailableException>(() => key.CreateLinkSessionAsync(Creation()));

        var retry = Creation();
        var created = await key.CreateLinkSessionAsync(retry);
        Assert.Equal(IdempotencyOutcome.Created, created.Outcome);
        var replayed = await key.CreateLinkSessionAsync(Creation());
        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        Assert.Equal(retry.SealedToken, replayed.SealedToken);
    }

    [Fact]
    public async Task A_creation_whose_session_write_fails_fails_and_its_stored_record_is_never_replayed()
    {
        var key = Key(NewKey());
        var failing = Creation();
        fixture.Faults.Storage.FailNextWrite(fixture.Client.GetGrain<ILinkSessionGrain>(failing.SessionGrainKey).GetGrainId(), RedisDown());

        await Assert.ThrowsAsync<StorageUnavailableException>(() => key.CreateLinkSessionAsync(failing));

        var retry = Creation();
        var created = await key.CreateLinkSessionAsync(retry);
        Assert.Equal(IdempotencyOutcome.Created, created.Outcome);
        Assert.Equal(created.Session, await StoredSessionAsync(retry.SessionGrainKey));
        Assert.Equal(retry.SealedToken, (await key.CreateLinkSessionAsync(Creation())).SealedToken);
    }

    [Fact]
    public async Task A_record_stored_before_the_activation_is_replayed_once_its_session_is_found()
    {
        // What a silo restart leaves: the record and its session in storage, no activation that remembers them.
        var keyName = NewKey();
        var (stored, result) = await StoreThroughFactoryAsync(keyName);
        Assert.NotNull(result.Session);
        Assert.NotNull(result.IdempotencyETag);

        var replayed = await Key(keyName).CreateLinkSessionAsync(Creation());

        Assert.Equal(IdempotencyOutcome.Replayed, replayed.Outcome);
        Assert.Equal(result.Session, replayed.Session);
        Assert.Equal(stored.SealedToken, replayed.SealedToken);
    }

    [Fact]
    public async Task A_record_stored_without_its_session_before_the_activation_is_not_replayed_and_is_replaced()
    {
        var keyName = NewKey();
        var orphan = Creation();
        fixture.Faults.Storage.FailNextWrite(fixture.Client.GetGrain<ILinkSessionGrain>(orphan.SessionGrainKey).GetGrainId(), RedisDown());
        var results = await fixture.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(
            [new LinkSessionCreation(orphan.SessionGrainKey, orphan.Session, new IdempotencyRecordWrite(keyName, null, orphan.SealedToken))]);
        Assert.Null(results[0].Session);
        Assert.IsType<StorageUnavailableException>(results[0].Failure);
        Assert.NotNull(results[0].IdempotencyETag);

        var retry = Creation();
        var created = await Key(keyName).CreateLinkSessionAsync(retry);

        Assert.Equal(IdempotencyOutcome.Created, created.Outcome);
        Assert.Equal(created.Session, await StoredSessionAsync(retry.SessionGrainKey));
        Assert.Equal(retry.SealedToken, (await Key(keyName).CreateLinkSessionAsync(Creation())).SealedToken);
    }

    [Fact]
    public async Task The_factory_fails_a_creation_whose_record_write_fails_and_reports_no_record_version()
    {
        var keyName = NewKey();
        fixture.Faults.Storage.FailNextWrite(Key(keyName).GetGrainId(), RedisDown());

        var (creation, result) = await StoreThroughFactoryAsync(keyName);

        Assert.Null(result.Session);
        Assert.IsType<StorageUnavailableException>(result.Failure);
        Assert.Null(result.IdempotencyETag);
        Assert.NotNull(await StoredSessionAsync(creation.SessionGrainKey));
    }

    [Fact]
    public async Task The_factory_never_overwrites_a_record_whose_version_it_was_not_given()
    {
        var keyName = NewKey();
        Assert.NotNull((await StoreThroughFactoryAsync(keyName)).Result.Session);

        var (_, second) = await StoreThroughFactoryAsync(keyName);

        Assert.Null(second.Session);
        Assert.IsType<InconsistentStateException>(second.Failure);
    }
}
