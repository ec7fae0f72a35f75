using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nox.Integration.Tests.Infrastructure;
using Nox.LinkSessions;
using Nox.Testing;
using Nox.Webhooks;
using Orleans.Storage;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Nox.Grains.Tests.LinkSessions;

/// <summary>
/// Creation on a real redis-server (the test cluster's silo on Redis storage, as a Nox silo with
/// <c>ConnectionStrings:redis</c>): the factory writes a session's first state itself, with its expiry-index entry,
/// and the sessions' grain storage reads it.
/// </summary>
public sealed class RedisLinkSessionCreationTests : IAsyncLifetime
{
    private RedisServer redis = null!;
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        cluster = await NoxTestCluster.DeployAsync("redis-creation", new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString });
    }

    public async Task DisposeAsync()
    {
        await NoxTestCluster.StopAsync(cluster);
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task Each_session_of_a_batch_is_stored_with_its_expiry_index_entry_by_its_own_script_and_read_by_its_grain()
    {
        var supplier = $"supplier-{Guid.NewGuid():N}";
        var creations = Enumerable.Range(0, 3).Select(i => Creation(supplier, $"user-{i}")).ToImmutableArray();
        var appends = await CallsAsync("rpush");

        var results = await cluster.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(creations);

        // One RPUSH per session, each inside the script that stores the session: the batch sent no index command of its own.
        Assert.Equal(appends + creations.Length, await CallsAsync("rpush"));
        var db = redis.Connection.GetDatabase();
        var expiresAt = results[0].Session!.ExpiresAt;
        var bucket = RedisWebhookStore.ExpiryKeyOf(
            RedisWebhookStore.KeyPrefixOf(cluster.Options.ServiceId),
            SessionIndexEntry.ExpiryBucketOf(expiresAt),
            WebhookPartitions.SweeperShardOf(creations[0].GrainKey));
        var indexed = (await db.ListRangeAsync(bucket)).Select(m => m.ToString()).ToList();
        Assert.InRange((await db.KeyTimeToLiveAsync(bucket))!.Value, SessionIndexEntry.IndexExpiry - TimeSpan.FromMinutes(1), SessionIndexEntry.IndexExpiry);
        for (var i = 0; i < creations.Length; i++)
        {
            var created = results[i].Session;
            Assert.NotNull(created);
            Assert.Null(results[i].Failure);
            Assert.Contains(new SessionIndexEntry(creations[i].GrainKey, supplier).Member, indexed);

            // The key Orleans' Redis provider has always used, so sessions stored before still read; with its expiry.
            var key = $"{cluster.Options.ServiceId}/state/linksession/{creations[i].GrainKey}/session";
            Assert.Equal(["data", "etag"], (await db.HashKeysAsync(key)).Select(f => f.ToString()).Order());
            Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value, Hosting.SiloBuilderExtensions.SessionEntryExpiry - TimeSpan.FromMinutes(1), Hosting.SiloBuilderExtensions.SessionEntryExpiry);

            var session = cluster.Client.GetGrain<ILinkSessionGrain>(creations[i].GrainKey);
            Assert.Equal(created, await session.GetForSupplierAsync(supplier));

            // The grain's own writes (through the provider, checking the etag the factory stored) succeed.
            Assert.Equal(LinkSessionStatus.Expired, (await session.ExpireAsync(supplier)).Session?.Status);
        }
    }

    [Fact]
    public async Task A_new_session_whose_state_exists_already_fails_and_the_stored_one_is_left_as_it_was()
    {
        var supplier = $"supplier-{Guid.NewGuid():N}";
        var first = Creation(supplier, "first");
        var factory = cluster.Client.GetGrain<ILinkSessionFactoryGrain>(0);
        var stored = Assert.Single(await factory.CreateAsync([first])).Session;

        var again = Assert.Single(await factory.CreateAsync([first with { Session = first.Session with { SupplierUserId = "second" } }]));

        Assert.Null(again.Session);
        Assert.IsType<InconsistentStateException>(again.Failure);
        Assert.Equal(stored, await cluster.Client.GetGrain<ILinkSessionGrain>(first.GrainKey).GetForSupplierAsync(supplier));
    }

    [Fact]
    public async Task An_expiry_bucket_is_read_whole_each_session_once_with_the_set_earlier_versions_wrote_and_deleted_with_it()
    {
        var store = cluster.Silos[0].ServiceProvider.GetRequiredService<IWebhookStore>();
        var prefix = RedisWebhookStore.KeyPrefixOf(cluster.Options.ServiceId);
        var (bucket, shard) = (Random.Shared.NextInt64(1, long.MaxValue / 2), 3);
        var db = redis.Connection.GetDatabase();
        await db.SetAddAsync(RedisWebhookStore.EarlierExpiryKeyOf(prefix, bucket, shard), ["from-a-set", "in-both"]);

        await store.AddToExpiryIndexAsync(bucket, shard, ["first", "in-both"]);
        var expiry = await db.KeyTimeToLiveAsync(RedisWebhookStore.ExpiryKeyOf(prefix, bucket, shard));
        // Written again after a lost answer: the members are appended twice, and read once.
        await store.AddToExpiryIndexAsync(bucket, shard, ["first", "second"]);

        Assert.Equal(["first", "from-a-set", "in-both", "second"], (await store.ReadExpiryBucketAsync(bucket, shard)).Order());
        Assert.InRange(expiry!.Value, SessionIndexEntry.IndexExpiry - TimeSpan.FromMinutes(1), SessionIndexEntry.IndexExpiry);
        await store.DeleteExpiryBucketAsync(bucket, shard);
        Assert.False(await db.KeyExistsAsync(RedisWebhookStore.ExpiryKeyOf(prefix, bucket, shard)));
        Assert.False(await db.KeyExistsAsync(RedisWebhookStore.EarlierExpiryKeyOf(prefix, bucket, shard)));
        Assert.Empty(await store.ReadExpiryBucketAsync(bucket, shard));
    }

    private async Task<long> CallsAsync(string command)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var stats = await admin.GetServer(redis.ConnectionString).InfoAsync("commandstats");
        var calls = stats.SelectMany(group => group).FirstOrDefault(stat => stat.Key == $"cmdstat_{command}").Value;
        return calls is null ? 0 : long.Parse(calls.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture);
    }

    private static LinkSessionCreation Creation(string supplier, string userId) => new(
        LinkToken.ToGrainKey(LinkToken.Mint()),
        new NewLinkSession(supplier, userId, $"https://{supplier}.example/return", null, Language.En));
}
