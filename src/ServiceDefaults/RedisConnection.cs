using StackExchange.Redis;

namespace Nox.Hosting;

/// <summary>
/// One Redis multiplexer per process, shared by clustering and every storage provider: a
/// multiplexer is built to be shared, and each extra one costs connections and a reconnect loop.
/// </summary>
public sealed class RedisConnection(ConfigurationOptions options) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> connection =
        new(async () => await ConnectionMultiplexer.ConnectAsync(options));

    public ConfigurationOptions Options { get; } = options;

    public Task<IConnectionMultiplexer> GetAsync() => connection.Value;

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
