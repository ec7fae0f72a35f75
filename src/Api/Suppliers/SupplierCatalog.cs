using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nox.Api.Hosting;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// This API instance's copy of the supplier list (<see cref="SupplierKeyIndex"/>). A request resolves
/// its key in memory: no grain call, no Redis. The copy a request uses is never older than
/// <see cref="NoxApiOptions.SupplierCacheDuration"/> plus <see cref="Grace"/>, counted from when its load
/// started, so a revoked key stops working within that bound, idle time included:
/// <list type="bullet">
/// <item>a timer reloads the copy when it reaches the cache duration, and every <see cref="RetryInterval"/>
/// while loads fail;</item>
/// <item>a request that finds the copy past the bound waits for a load (<see cref="StaleWait"/> at most,
/// <see cref="FirstLoadWait"/> for the first one) and otherwise fails with
/// <see cref="SupplierListUnavailableException"/> (503), never served from the stale copy;</item>
/// <item>a key the copy does not know reloads it at most once per <see cref="UnknownKeyRefreshInterval"/>
/// (counted from the last load of any cause), so a key that was just added works at once and a flood of
/// wrong keys costs the cluster one call a second.</item>
/// </list>
/// One load runs at a time; everyone who needs it shares it. While loads fail, only the timer starts
/// them, so an outage costs the cluster one call per <see cref="RetryInterval"/> whatever the traffic.
/// </summary>
public sealed partial class SupplierCatalog : IDisposable
{
    /// <summary>How much older than the cache duration a copy may get while its reload is under way.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <summary>How long a request waits for a reload of a copy past its bound before it answers 503.</summary>
    public static readonly TimeSpan StaleWait = TimeSpan.FromSeconds(1);

    /// <summary>How long a request waits for the first load of this instance (the call timeout).</summary>
    public static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How soon the timer tries again after a failed load.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    private readonly IClusterAccess cluster;
    private readonly TimeProvider time;
    private readonly TimeSpan cacheDuration;
    private readonly TimeSpan maxAge;
    private readonly ILogger<SupplierCatalog> logger;
    private readonly ITimer reload;
    private readonly Lock gate = new();
    private volatile Snapshot? current;
    private Task<Snapshot?>? loading;
    private long lastLoadStartedAt;
    private bool failing;

    public SupplierCatalog(IClusterAccess cluster, TimeProvider time, IOptions<NoxApiOptions> options, ILogger<SupplierCatalog> logger)
    {
        this.cluster = cluster;
        this.time = time;
        this.logger = logger;
        cacheDuration = options.Value.SupplierCacheDuration > TimeSpan.Zero ? options.Value.SupplierCacheDuration : TimeSpan.Zero;
        maxAge = cacheDuration + Grace;
        // Armed by every load (the first is the first request's), so the copy stays fresh while idle.
        reload = time.CreateTimer(static state => ((SupplierCatalog)state!).OnReloadDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The supplier <paramref name="apiKey"/> belongs to, or null for an unknown key; fails with
    /// <see cref="SupplierListUnavailableException"/> when no copy within the bound can be had.
    /// </summary>
    public async ValueTask<SupplierConfiguration?> FindByApiKeyAsync(string apiKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        var snapshot = current;
        if (snapshot is null || !IsFresh(snapshot))
        {
            snapshot = await FreshSnapshotAsync(snapshot is null ? FirstLoadWait : StaleWait);
        }

        if (snapshot.Index.Find(digest) is { } supplier)
        {
            return supplier;
        }

        return await FindAfterReloadAsync(digest);
    }

    public void Dispose() => reload.Dispose();

    private bool IsFresh(Snapshot snapshot) => time.GetElapsedTime(snapshot.LoadStartedAt) <= maxAge;

    private async ValueTask<Snapshot> FreshSnapshotAsync(TimeSpan wait)
    {
        Task<Snapshot?> load;
        Load? started = null;
        lock (gate)
        {
            // While loads fail, only the timer starts them (every RetryInterval); requests join one under way.
            if (loading is null && failing)
            {
                throw new SupplierListUnavailableException();
            }

            load = loading ?? (started = StartLoad()).Task;
        }

        started?.Run();
        var snapshot = await WaitForAsync(load, wait);
        return snapshot is not null && IsFresh(snapshot) ? snapshot : throw new SupplierListUnavailableException();
    }

    /// <summary>An unknown key: perhaps one that was just added. A load that fails leaves it unknown (401).</summary>
    private async ValueTask<SupplierConfiguration?> FindAfterReloadAsync(byte[] digest)
    {
        Task<Snapshot?> load;
        Load? started = null;
        lock (gate)
        {
            if (loading is not null)
            {
                load = loading;
            }
            else if (failing || time.GetElapsedTime(lastLoadStartedAt) < UnknownKeyRefreshInterval)
            {
                return null;
            }
            else
            {
                load = (started = StartLoad()).Task;
            }
        }

        started?.Run();
        return (await WaitForAsync(load, StaleWait))?.Index.Find(digest);
    }

    private async Task<Snapshot?> WaitForAsync(Task<Snapshot?> load, TimeSpan wait)
    {
        try
        {
            return await load.WaitAsync(wait, time);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private void OnReloadDue()
    {
        Load? started = null;
        lock (gate)
        {
            if (loading is null)
            {
                started = StartLoad();
            }
        }

        started?.Run();
    }

    /// <summary>Under the gate: marks a load as under way, to be run (outside the gate) by the caller.</summary>
    private Load StartLoad()
    {
        lastLoadStartedAt = time.GetTimestamp();
        var load = new Load(this, lastLoadStartedAt);
        loading = load.Task;
        return load;
    }

    /// <summary>Never throws: a failed load is logged, answered null, and retried by the timer.</summary>
    private async Task LoadAsync(TaskCompletionSource<Snapshot?> completion, long startedAt)
    {
        Snapshot? snapshot = null;
        try
        {
            var suppliers = await cluster.Grains.GetGrain<ISupplierDirectoryGrain>(0).GetSuppliersAsync();
            snapshot = new Snapshot(new SupplierKeyIndex(suppliers), startedAt);
            current = snapshot;
        }
        catch (Exception exception)
        {
            // Once per outage; a client that is not connected (starting, stopping) says so itself.
            if (!failing && cluster.IsConnected)
            {
                LogLoadFailed(exception.GetType().Name);
            }
        }

        lock (gate)
        {
            loading = null;
            if (snapshot is not null && failing)
            {
                LogLoadRecovered();
            }

            failing = snapshot is null;
            ArmReload(snapshot is null ? RetryInterval : cacheDuration - time.GetElapsedTime(startedAt));
        }

        completion.SetResult(snapshot);
    }

    private void ArmReload(TimeSpan due)
    {
        try
        {
            reload.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading the supplier list failed: {ExceptionType}; API keys answer 503 once the copy is past its bound, until a load succeeds")]
    private partial void LogLoadFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading the supplier list works again")]
    private partial void LogLoadRecovered();

    /// <param name="LoadStartedAt">A <see cref="TimeProvider"/> timestamp: the copy is at least as new as this.</param>
    private sealed record Snapshot(SupplierKeyIndex Index, long LoadStartedAt);

    /// <summary>A load that is marked as under way (<see cref="loading"/>) and then run outside the gate.</summary>
    private sealed class Load(SupplierCatalog catalog, long startedAt)
    {
        private readonly TaskCompletionSource<Snapshot?> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Snapshot?> Task => completion.Task;

        public void Run() => _ = catalog.LoadAsync(completion, startedAt);
    }
}
