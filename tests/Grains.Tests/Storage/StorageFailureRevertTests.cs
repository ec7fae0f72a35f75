using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Nox.Grains.Tests.LinkSessions;
using Nox.LinkSessions;
using Nox.Users;
using Orleans.Storage;
using StackExchange.Redis;

namespace Nox.Grains.Tests.Storage;

/// <summary>
/// A write that fails (here: Redis refuses the connection, as the production storage wrapper reports it)
/// must leave the grain as storage is: the next call sees what is stored, not the change that was never
/// written. Each test compares the grain's answer with the stored state read straight from storage.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageFailureRevertTests(ClusterFixture fixture)
{
    private readonly LinkSessionScenario scenario = new(fixture);

    private static RedisConnectionException RedisDown() => new(ConnectionFailureType.SocketFailure, CommandFlags.None, "No connection is active/available to service this operation.", null, CommandStatus.Unknown);

    private static string NewUserId() => $"user-{Guid.NewGuid():N}";

    private INoxUserGrain UserGrain(string userId) => fixture.Client.GetGrain<INoxUserGrain>(NoxUserKey.For(ClusterFixture.Supplier, userId));

    [Fact]
    public async Task A_failed_completion_write_leaves_the_session_pending_as_stored()
    {
        var (_, grain, _) = await scenario.CreateAsync(userId: NewUserId());
        fixture.Faults.Storage.FailNextWrite(grain.GetGrainId(), RedisDown());

        await AssertStorageUnavailableAsync(() => grain.CompleteAsync(Brand.Daikin));

        var stored = await StoredSessionAsync(grain);
        Assert.Null(stored.CompletedAt);
        Assert.Equal(stored.ToLinkSession(fixture.Clock.GetUtcNow()), await grain.GetAsync());
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
        Assert.Equal(LinkSessionOutcome.Succeeded, (await grain.CompleteAsync(Brand.Bulex)).Outcome);
    }

    [Fact]
    public async Task A_failed_expire_write_leaves_the_session_pending_with_its_stored_expiry()
    {
        var (_, grain, created) = await scenario.CreateAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(42));
        fixture.Faults.Storage.FailNextWrite(grain.GetGrainId(), RedisDown());

        await AssertStorageUnavailableAsync(() => grain.ExpireAsync(ClusterFixture.Supplier));

        var stored = await StoredSessionAsync(grain);
        Assert.Equal(created.ExpiresAt, stored.ExpiresAt);
        Assert.False(stored.ExpiryCounted);
        Assert.Equal(stored.ToLinkSession(fixture.Clock.GetUtcNow()), await grain.GetForSupplierAsync(ClusterFixture.Supplier));
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task A_failed_lifetime_expiry_count_is_not_counted_and_the_next_call_counts_it_once()
    {
        var supplier = $"revert-{Guid.NewGuid():N}";
        using var expiries = new ExpiryCounter(supplier);
        var (_, grain, _) = await scenario.CreateAsync(supplier: supplier);
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
        fixture.Clock.Advance(TimeSpan.FromSeconds(600));
        fixture.Faults.Storage.FailNextWrite(grain.GetGrainId(), RedisDown());

        // Counting is best effort: the read still answers.
        Assert.Equal(LinkSessionStatus.Expired, (await grain.GetAsync())!.Status);

        Assert.False((await StoredSessionAsync(grain)).ExpiryCounted);
        Assert.Equal(0, expiries.Lifetime);
        Assert.Equal(LinkSessionStatus.Expired, (await grain.GetAsync())!.Status);
        Assert.True((await StoredSessionAsync(grain)).ExpiryCounted);
        Assert.Equal(1, expiries.Lifetime);
        Assert.Equal(LinkSessionStatus.Expired, (await grain.GetAsync())!.Status);
        Assert.Equal(1, expiries.Lifetime);
    }

    [Fact]
    public async Task A_failed_first_user_write_leaves_no_user()
    {
        var userId = NewUserId();
        var user = UserGrain(userId);
        fixture.Faults.Storage.FailNextWrite(user.GetGrainId(), RedisDown());

        await AssertStorageUnavailableAsync(() => user.LinkDevicesAsync(new DeviceLink(ClusterFixture.Supplier, userId, Brand.Daikin, ["d-1"], 1_800_000_000)));

        Assert.False((await StoredUserAsync(user)).RecordExists);
        Assert.Null(await user.GetAsync());
    }

    [Fact]
    public async Task A_failed_user_write_keeps_the_stored_brands_and_devices()
    {
        var userId = NewUserId();
        var user = UserGrain(userId);
        var first = await user.LinkDevicesAsync(new DeviceLink(ClusterFixture.Supplier, userId, Brand.Nibe, ["n-1"], 1_800_000_000));
        fixture.Faults.Storage.FailNextWrite(user.GetGrainId(), RedisDown());

        await AssertStorageUnavailableAsync(() => user.LinkDevicesAsync(new DeviceLink(ClusterFixture.Supplier, userId, Brand.Nibe, ["n-2"], 1_800_000_100)));

        var stored = (await StoredUserAsync(user)).State;
        Assert.NotNull(stored);
        var now = await user.GetAsync();
        Assert.Equal(first.NoxUserId, now!.NoxUserId);
        Assert.Equal(stored.NoxUserId, now.NoxUserId);
        var linked = Assert.Single(now.Brands);
        Assert.Equal(["n-1"], linked.DeviceIds.ToArray());
        Assert.Equal(stored.Brands.Single().DeviceIds.ToArray(), linked.DeviceIds.ToArray());
    }

    [Fact]
    public async Task A_failed_user_write_during_completion_leaves_the_session_pending_and_no_user()
    {
        var userId = NewUserId();
        var (_, grain, _) = await scenario.CreateAsync(userId: userId);
        fixture.Faults.Storage.FailNextWrite(UserGrain(userId).GetGrainId(), RedisDown());

        await AssertStorageUnavailableAsync(() => grain.CompleteAsync(Brand.Toshiba));

        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
        Assert.Null(await UserGrain(userId).GetAsync());
        var completed = await grain.CompleteAsync(Brand.Toshiba);
        Assert.Equal((await UserGrain(userId).GetAsync())!.NoxUserId, completed.Completion!.NoxUserId);
    }

    /// <summary>Whatever wrapper Orleans puts around it, the cause the caller sees is the storage wrapper's.</summary>
    private static async Task AssertStorageUnavailableAsync(Func<Task> call)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(call);
        var chain = new List<Exception>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            chain.Add(current);
        }

        Assert.Contains(chain, e => e is StorageUnavailableException);
    }

    private IGrainStorage Storage(string name) => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(name);

    private async Task<LinkSessionState> StoredSessionAsync(ILinkSessionGrain grain)
    {
        var state = new GrainState<LinkSessionState>();
        await Storage(GrainStorageNames.Sessions).ReadStateAsync(LinkSessionGrain.StateName, grain.GetGrainId(), state);
        Assert.True(state.RecordExists);
        Assert.NotNull(state.State);
        return state.State;
    }

    private async Task<GrainState<NoxUserState>> StoredUserAsync(INoxUserGrain user)
    {
        var state = new GrainState<NoxUserState>();
        await Storage(GrainStorageNames.Users).ReadStateAsync(NoxUserGrain.StateName, user.GetGrainId(), state);
        return state;
    }

    /// <summary>Lifetime expiries counted for one supplier, from the domain meter of every silo in this process.</summary>
    private sealed class ExpiryCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<long> lifetime = new();

        public ExpiryCounter(string supplier)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Nox.Telemetry.NoxTelemetry.MeterName && instrument.Name == LinkSessionMetrics.Expired)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var tagList = tags.ToArray();
                if (tagList.Contains(new("supplier", supplier)) && tagList.Contains(new("cause", LinkSessionMetrics.ExpiredByLifetime)))
                {
                    lifetime.Enqueue(value);
                }
            });
            listener.Start();
        }

        public long Lifetime => lifetime.Sum();

        public void Dispose() => listener.Dispose();
    }
}
