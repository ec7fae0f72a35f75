using System.Collections.Concurrent;
using System.Collections.Immutable;
using Nox.Api.Hosting;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// When each key was last used, as this API instance saw it: noted in memory by every authenticated request
/// (no allocation, no call), and reported to the suppliers' grains every <see cref="FlushInterval"/> (and once
/// more when the host stops), one call per supplier whose keys were used. The grains store it lazily, so
/// <c>last_used_at</c> is approximate: see docs/administration.md.
/// </summary>
public sealed partial class ApiKeyUsage : IHostedService, IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Supplier, string KeyId), Use> uses = new();
    private readonly IClusterAccess cluster;
    private readonly TimeProvider time;
    private readonly ILogger<ApiKeyUsage> logger;
    private readonly SemaphoreSlim flushing = new(1, 1);
    private ITimer? timer;

    public ApiKeyUsage(IClusterAccess cluster, TimeProvider time, ILogger<ApiKeyUsage> logger)
    {
        this.cluster = cluster;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Notes that the key was used now (whole seconds).</summary>
    public void Record(string supplier, string keyId)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var use = uses.GetOrAdd((supplier, keyId), static _ => new Use());
        if (Volatile.Read(ref use.LastUsedAt) < now)
        {
            Volatile.Write(ref use.LastUsedAt, now);
        }
    }

    /// <summary>Reports every use not reported yet; a report that fails is tried again by the next flush.</summary>
    public async Task FlushAsync()
    {
        await flushing.WaitAsync();
        try
        {
            var due = uses
                .Select(u => (u.Key.Supplier, u.Key.KeyId, Use: u.Value, LastUsedAt: Volatile.Read(ref u.Value.LastUsedAt)))
                .Where(u => u.LastUsedAt > u.Use.ReportedAt)
                .GroupBy(u => u.Supplier, StringComparer.Ordinal);
            foreach (var supplier in due)
            {
                try
                {
                    await cluster.Grains.GetGrain<ISupplierGrain>(supplier.Key)
                        .RecordApiKeyUseAsync([.. supplier.Select(u => new ApiKeyUse(u.KeyId, u.LastUsedAt))]);
                    foreach (var use in supplier)
                    {
                        use.Use.ReportedAt = use.LastUsedAt;
                    }
                }
                catch (Exception exception)
                {
                    LogReportFailed(exception.GetType().Name);
                }
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        timer = time.CreateTimer(static state => _ = ((ApiKeyUsage)state!).FlushAsync(), this, FlushInterval, FlushInterval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Dispose();
        // The last uses seen here, if the cluster still answers.
        await FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        timer?.Dispose();
        flushing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reporting API key use failed ({ExceptionType}); the next flush tries again")]
    private partial void LogReportFailed(string exceptionType);

    private sealed class Use
    {
        public long LastUsedAt;

        /// <summary>Written only under the flush lock.</summary>
        public long ReportedAt;
    }
}
