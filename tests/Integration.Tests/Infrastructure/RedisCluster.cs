using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>
/// A Redis Cluster of three masters (no replicas) on loopback: three <c>redis-server --cluster-enabled yes</c>
/// joined by <c>redis-cli --cluster create</c>. <c>cluster-require-full-coverage no</c>, so the slots of the
/// masters that are up keep serving while one is down (see docs/operations.md, "Redis Cluster").
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly List<ChildProcess> masters = [];
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"nox-redis-cluster-{Guid.NewGuid():N}");

    private RedisCluster(int[] ports) => Ports = ports;

    /// <summary>The masters' client ports; each cluster bus listens on its port + 10000.</summary>
    public IReadOnlyList<int> Ports { get; }

    public string ConnectionString => string.Join(',', Ports.Select(p => $"127.0.0.1:{Port(p)}"));

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public static async Task<RedisCluster> StartAsync()
    {
        var cluster = new RedisCluster([ClusterPort(), ClusterPort(), ClusterPort()]);
        Directory.CreateDirectory(cluster.directory);
        for (var i = 0; i < cluster.Ports.Count; i++)
        {
            cluster.masters.Add(cluster.StartMaster(i));
        }

        foreach (var port in cluster.Ports)
        {
            await WaitForPingAsync(port);
        }

        var create = ChildProcess.Start("redis-cli", RedisCli, ["--cluster", "create", .. cluster.Ports.Select(p => $"127.0.0.1:{Port(p)}"), "--cluster-replicas", "0", "--cluster-yes"]);
        await create.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await cluster.WaitUntilHealthyAsync();
        cluster.Connection = await ConnectionMultiplexer.ConnectAsync($"{cluster.ConnectionString},abortConnect=false,allowAdmin=true");
        return cluster;
    }

    /// <summary>SIGKILL of master <paramref name="index"/>: its slots are unavailable until it is back.</summary>
    public void KillMaster(int index) => masters[index].Kill();

    /// <summary>Starts master <paramref name="index"/> again on its port, data and node configuration.</summary>
    public async Task RestartMasterAsync(int index)
    {
        await masters[index].DisposeAsync();
        masters[index] = StartMaster(index);
        await WaitForPingAsync(Ports[index]);
        await WaitUntilHealthyAsync();
    }

    /// <summary>Waits until every master reports <c>cluster_state:ok</c>.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var states = await Task.WhenAll(Ports.Select(ClusterStateAsync));
            if (states.All(s => s == "ok"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Redis Cluster did not become healthy: {string.Join(", ", states)}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        foreach (var master in masters)
        {
            await master.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RedisServerPath => new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server is not installed; run the README's test command, which installs it.");

    private static string RedisCli => new[] { "/usr/bin/redis-cli", "/usr/local/bin/redis-cli" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-cli is not installed; run the README's test command, which installs it.");

    private ChildProcess StartMaster(int index)
    {
        var port = Port(Ports[index]);
        var data = Path.Combine(directory, port);
        Directory.CreateDirectory(data);
        return ChildProcess.Start($"redis-{port}", RedisServerPath,
        [
            "--port", port,
            "--bind", "127.0.0.1",
            "--dir", data,
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000",
            "--cluster-require-full-coverage", "no",
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", "",
        ]);
    }

    private static async Task<string> ClusterStateAsync(int port)
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port(port)},connectTimeout=500,abortConnect=false,allowAdmin=true");
            // CLUSTER INFO is a verbatim string under RESP3 ("txt:" prefix): look for the field anywhere.
            var info = (string?)await connection.GetServer($"127.0.0.1:{Port(port)}").ExecuteAsync("CLUSTER", "INFO") ?? string.Empty;
            var at = info.IndexOf("cluster_state:", StringComparison.Ordinal);
            return at < 0 ? "unknown" : info[(at + "cluster_state:".Length)..].Split('\r', '\n')[0];
        }
        catch (RedisException)
        {
            return "down";
        }
    }

    private static async Task WaitForPingAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port(port)},connectTimeout=500");
                await probe.GetServer($"127.0.0.1:{Port(port)}").PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A port below 55536 whose cluster bus port (+10000) is free too.</summary>
    private static int ClusterPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 45_000);
            if (IsFree(port) && IsFree(port + 10_000))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free port pair for a Redis Cluster node.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
