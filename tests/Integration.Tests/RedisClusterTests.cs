using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>
/// Storage and clustering on a Redis Cluster of three masters: the service spreads its keys over the
/// slots of every master, and a lost master costs only the keys in its slots, as prompt 503s.
/// </summary>
public sealed class RedisClusterTests : IAsyncLifetime
{
    private RedisCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await RedisCluster.StartAsync();

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Sessions_are_created_indexed_read_and_completed_across_every_master()
    {
        await using var nox = new NoxProcesses(cluster.ConnectionString);
        var silo = await nox.StartSiloAsync(coHostApi: true);
        using var client = silo.CreateClient();

        var locations = new List<Uri>();
        for (var i = 0; i < 30; i++)
        {
            var created = await Eventually.UntilAsync(() => silo.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            locations.Add(created.Headers.Location!);
        }

        foreach (var location in locations)
        {
            Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>(location)).GetProperty("status").GetString());
        }

        var token = locations[0].OriginalString.Split('/')[^1];
        var completed = await client.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "daikin" });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);

        // Each session is in the expiry index the webhook sweepers read, though its key and its bucket's are in different
        // slots (on a single Redis one script stores both; here they are written separately).
        var indexed = new List<string>();
        foreach (var port in cluster.Ports)
        {
            await foreach (var bucket in cluster.Connection.GetServer($"127.0.0.1:{port}").KeysAsync(pattern: $"{nox.ServiceId}/webhooks/expiring/*"))
            {
                indexed.AddRange((await cluster.Connection.GetDatabase().ListRangeAsync(bucket)).Select(m => m.ToString()));
            }
        }

        foreach (var location in locations)
        {
            var grainKey = GrainKeys.OfToken(location.OriginalString.Split('/')[^1]);
            Assert.Contains(indexed, member => member.StartsWith(grainKey, StringComparison.Ordinal));
        }

        // Thirty session keys hash to slots of all three masters.
        var keysPerMaster = await Task.WhenAll(cluster.Ports.Select(async port =>
            (long)(await cluster.Connection.GetServer($"127.0.0.1:{port}").ExecuteAsync("DBSIZE"))));
        Assert.All(keysPerMaster, count => Assert.True(count > 0, "a master holds no key"));
    }

    [Fact]
    public async Task A_lost_master_makes_only_its_keys_unavailable_and_they_return_with_it()
    {
        await using var nox = new NoxProcesses(cluster.ConnectionString);
        var silo = await nox.StartSiloAsync(coHostApi: true);
        using var client = silo.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var locations = new List<Uri>();
        for (var i = 0; i < 30; i++)
        {
            var created = await Eventually.UntilAsync(() => silo.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(30));
            locations.Add(created.Headers.Location!);
        }

        // Reads of sessions whose grains are active come from memory; deactivate them by restarting the silo.
        await silo.Child.StopAsync();
        var restarted = await nox.StartSiloAsync(coHostApi: true);
        using var after = restarted.CreateClient();
        after.Timeout = TimeSpan.FromSeconds(10);
        cluster.KillMaster(2);

        var statuses = new List<HttpStatusCode>();
        foreach (var location in locations)
        {
            statuses.Add((await after.GetAsync(location)).StatusCode);
        }

        // Every read answers (none hangs past the client's 10 s); the lost master's share is 503, never 404 or 500.
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {s}"));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);

        await cluster.RestartMasterAsync(2);
        foreach (var location in locations)
        {
            var read = await Eventually.UntilAsync(() => after.GetAsync(location), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }
}
