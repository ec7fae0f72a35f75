using StackExchange.Redis;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, with append-only persistence in a temporary folder.
/// Missing redis-server is a failure, not a skip: the README's test command installs it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private ChildProcess? process;

    private RedisServer(int port, string directory)
    {
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"nox-redis-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServer(FreePort.Next(), directory);
        await server.StartProcessAsync();
        server.Connection = await ConnectionMultiplexer.ConnectAsync($"{server.ConnectionString},abortConnect=false");
        return server;
    }

    /// <summary>Starts (or restarts, on the same port and data) the server and waits until it answers.</summary>
    public async Task StartProcessAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed; run the README's test command, which installs it.");
        process = ChildProcess.Start("redis", executable,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", Directory,
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", "",
        ]);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=500");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"redis-server did not start:\n{process.Output}");
    }

    /// <summary>Stops the server abruptly (its append-only file keeps every acknowledged write).</summary>
    public void Kill() => process?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (process is not null)
        {
            await process.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
