using StackExchange.Redis;

namespace Nox.Hosting;

/// <summary>
/// One Redis multiplexer per process, shared by clustering and every storage provider: a
/// multiplexer is built to be shared, and each extra one costs connections and a reconnect loop.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<Action<IConnectionMultiplexer>> connectedCallbacks = [];
    private IConnectionMultiplexer? connected;
    private readonly Lazy<Task<IConnectionMultiplexer>> connection;

    public RedisConnection(ConfigurationOptions options)
    {
        Options = options;
        connection = new(ConnectAsync);
    }

    public ConfigurationOptions Options { get; }

    public Task<IConnectionMultiplexer> GetAsync() => connection.Value;

    /// <summary>
    /// Runs <paramref name="callback"/> with the multiplexer once it exists (at once if it already
    /// does), without connecting early: tracing instruments the connection this way.
    /// </summary>
    public void WhenConnected(Action<IConnectionMultiplexer> callback)
    {
        IConnectionMultiplexer? existing;
        lock (gate)
        {
            existing = connected;
            if (existing is null)
            {
                connectedCallbacks.Add(callback);
                return;
            }
        }

        callback(existing);
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(Options);
        Action<IConnectionMultiplexer>[] callbacks;
        lock (gate)
        {
            connected = multiplexer;
            callbacks = [.. connectedCallbacks];
            connectedCallbacks.Clear();
        }

        foreach (var callback in callbacks)
        {
            callback(multiplexer);
        }

        return multiplexer;
    }

    /// <summary>
    /// Parses a connection string with the settings the service needs: start and keep reconnecting
    /// while Redis is away, and fail a command at once while disconnected instead of queueing it, so
    /// an outage becomes a prompt 503 the supplier retries rather than a request held for seconds.
    /// </summary>
    public static ConfigurationOptions ParseOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2_000;
        }

        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 2_000;
        }

        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.SyncTimeout = 2_000;
        }

        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            await connection.Value.Result.DisposeAsync();
        }
    }
}
