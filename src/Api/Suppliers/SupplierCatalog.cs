using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nox.Api.Hosting;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// This API instance's copy of the supplier list (<see cref="SupplierKeyIndex"/>). A request resolves its key
/// in memory: no grain call, no Redis. The copy is checked against the supplier directory every
/// <see cref="CheckInterval"/> with one small call that answers "unchanged" unless the directory's version
/// moved, and is reloaded only when it did. A request is never answered from a copy whose last check started
/// more than <see cref="NoxApiOptions.SupplierCacheDuration"/> ago, so a revoked key stops working within that
/// bound, idle time included:
/// <list type="bullet">
/// <item>a timer checks every <see cref="CheckInterval"/>, requests or not, and as often while checks fail;</item>
/// <item>a request that finds the copy past the bound waits for a check (<see cref="StaleWait"/> at most,
/// <see cref="FirstLoadWait"/> for the first one) and otherwise fails with
/// <see cref="SupplierListUnavailableException"/> (503), never served from the stale copy;</item>
/// <item>a key the copy does not know checks again at most once per <see cref="UnknownKeyRefreshInterval"/>
/// (counted from the last check of any cause), so a flood of wrong keys costs the cluster one call a second;</item>
/// <item>an expired key is unknown at once, by this instance's clock, whatever the age of the copy;</item>
/// <item>a key of a supplier the directory could not confirm answers 503 (see <see cref="SupplierDirectorySnapshot.Unconfirmed"/>).</item>
/// </list>
/// One check runs at a time; everyone who needs it shares it. While checks fail, only the timer starts them, so
/// an outage costs the cluster one call per <see cref="CheckInterval"/> whatever the traffic. An admin change made
/// through this instance waits for a check that started after it (<see cref="RefreshAsync"/>), so the instance
/// that made a change never answers from before it.
/// </summary>
public sealed partial class SupplierCatalog : IDisposable
{
    /// <summary>How often the copy is checked against the directory.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>The shortest bound: two checks, so that one slow check does not make requests wait.</summary>
    public static readonly TimeSpan MinimumCacheDuration = TimeSpan.FromSeconds(2);

    /// <summary>How long a request waits for a check of a copy past its bound before it answers 503.</summary>
    public static readonly TimeSpan StaleWait = TimeSpan.FromSeconds(1);

    /// <summary>How long a request waits for the first load of this instance (the call timeout).</summary>
    public static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly IClusterAccess cluster;
    private readonly TimeProvider time;
    private readonly TimeSpan maxAge;
    private readonly ILogger<SupplierCatalog> logger;
    private readonly ITimer check;
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
        maxAge = options.Value.SupplierCacheDuration > MinimumCacheDuration ? options.Value.SupplierCacheDuration : MinimumCacheDuration;
        // Armed by every check (the first is the first request's), so the copy stays fresh while idle.
        check = time.CreateTimer(static state => ((SupplierCatalog)state!).OnCheckDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How old a copy may be when a request is answered from it.</summary>
    public TimeSpan Bound => maxAge;

    /// <summary>
    /// The key <paramref name="apiKey"/> and its supplier, or null for a key that is unknown, revoked or
    /// expired; fails with <see cref="SupplierListUnavailableException"/> when no copy within the bound can be
    /// had, or the key's supplier is unconfirmed.
    /// </summary>
    public async ValueTask<AuthenticatedKey?> FindByApiKeyAsync(string apiKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        var snapshot = current;
        if (snapshot is null || !IsFresh(snapshot))
        {
            snapshot = await FreshSnapshotAsync(snapshot is null ? FirstLoadWait : StaleWait);
        }

        var found = Lookup(snapshot, digest);
        return found is not null && found.Found ? Authenticated(found) : Authenticated(await FindAfterReloadAsync(digest));
    }

    /// <summary>
    /// Waits for a check that started after this call (a change just made through this instance is then
    /// in its copy). Never throws: a check that fails leaves the bound to do its work.
    /// </summary>
    public async Task RefreshAsync()
    {
        var requestedAt = time.GetTimestamp();
        while (true)
        {
            Task<Snapshot?> load;
            Load? started = null;
            lock (gate)
            {
                load = loading ?? (started = StartLoad()).Task;
            }

            started?.Run();
            var snapshot = await WaitForAsync(load, FirstLoadWait);
            if (started is not null || snapshot is null || snapshot.LoadStartedAt >= requestedAt)
            {
                return;
            }
        }
    }

    public void Dispose() => check.Dispose();

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    private bool IsFresh(Snapshot snapshot) => time.GetElapsedTime(snapshot.LoadStartedAt) <= maxAge;

    private KeyLookup? Lookup(Snapshot? snapshot, byte[] digest) => snapshot?.Index.Find(digest, Now);

    private static AuthenticatedKey? Authenticated(KeyLookup? found) => found switch
    {
        null or { Found: false } => null,
        { Unconfirmed: true } => throw new SupplierListUnavailableException(),
        _ => new AuthenticatedKey(found.Supplier!, found.Key!.Id),
    };

    private async ValueTask<Snapshot> FreshSnapshotAsync(TimeSpan wait)
    {
        // A check joined under way may have started before the copy's bound ran out (it took that long, or the
        // clock jumped): its answer is then too old as well, and one more check, started now, is asked for.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Task<Snapshot?> load;
            Load? started = null;
            lock (gate)
            {
                // While checks fail, only the timer starts them (every CheckInterval); requests join one under way.
                if (loading is null && failing)
                {
                    throw new SupplierListUnavailableException();
                }

                load = loading ?? (started = StartLoad()).Task;
            }

            started?.Run();
            var snapshot = await WaitForAsync(load, wait);
            if (snapshot is null)
            {
                break;
            }

            if (IsFresh(snapshot))
            {
                return snapshot;
            }
        }

        throw new SupplierListUnavailableException();
    }

    /// <summary>An unknown key: perhaps one that was just issued. A check that fails leaves it unknown (401).</summary>
    private async ValueTask<KeyLookup?> FindAfterReloadAsync(byte[] digest)
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
        return Lookup(await WaitForAsync(load, StaleWait), digest);
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

    private void OnCheckDue()
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

    /// <summary>Under the gate: marks a check as under way, to be run (outside the gate) by the caller.</summary>
    private Load StartLoad()
    {
        lastLoadStartedAt = time.GetTimestamp();
        var load = new Load(this, lastLoadStartedAt);
        loading = load.Task;
        return load;
    }

    /// <summary>Never throws: a failed check is logged, answered null, and retried by the timer.</summary>
    private async Task LoadAsync(TaskCompletionSource<Snapshot?> completion, long startedAt)
    {
        Snapshot? snapshot = null;
        try
        {
            var known = current;
            var changed = await cluster.Grains.GetGrain<ISupplierDirectoryGrain>(0).GetSuppliersIfChangedAsync(known?.Version ?? 0);
            snapshot = changed is null && known is not null
                ? known with { LoadStartedAt = startedAt }
                : new Snapshot(new SupplierKeyIndex(changed ?? new SupplierDirectorySnapshot(0, [], []), known?.Index), changed?.Version ?? 0, startedAt);
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
            ArmCheck(snapshot is null ? CheckInterval : CheckInterval - time.GetElapsedTime(startedAt));
        }

        completion.SetResult(snapshot);
    }

    private void ArmCheck(TimeSpan due)
    {
        try
        {
            check.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
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

    /// <param name="Version">The directory's version this copy is at.</param>
    /// <param name="LoadStartedAt">A <see cref="TimeProvider"/> timestamp: the copy is at least as new as this.</param>
    private sealed record Snapshot(SupplierKeyIndex Index, long Version, long LoadStartedAt);

    /// <summary>A check that is marked as under way (<see cref="loading"/>) and then run outside the gate.</summary>
    private sealed class Load(SupplierCatalog catalog, long startedAt)
    {
        private readonly TaskCompletionSource<Snapshot?> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Snapshot?> Task => completion.Task;

        public void Run() => _ = catalog.LoadAsync(completion, startedAt);
    }
}
