using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nox.Api.Hosting;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// This API instance's copy of the supplier list, indexed by the SHA-256 of each API key. A request
/// resolves its key in memory: no grain call, no Redis. The copy is refreshed in the background once
/// it is older than <see cref="NoxApiOptions.SupplierCacheDuration"/>, and at most once a second
/// when an unknown key arrives (a key that was just added).
/// </summary>
public sealed partial class SupplierCatalog(
    IClusterAccess cluster,
    TimeProvider time,
    IOptions<NoxApiOptions> options,
    ILogger<SupplierCatalog> logger)
{
    private static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private Snapshot? current;
    private Task<Snapshot>? refreshing;

    public async ValueTask<SupplierConfiguration?> FindByApiKeyAsync(string apiKey)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        var snapshot = current ?? await RefreshAsync();
        if (time.GetElapsedTime(snapshot.LoadedAt) >= options.Value.SupplierCacheDuration)
        {
            RefreshInBackground();
        }

        if (snapshot.Find(digest) is { } supplier)
        {
            return supplier;
        }

        if (time.GetElapsedTime(snapshot.LoadedAt) < UnknownKeyRefreshInterval)
        {
            return null;
        }

        return (await RefreshAsync()).Find(digest);
    }

    private void RefreshInBackground() =>
        RefreshAsync().ContinueWith(
            t => LogRefreshFailed(t.Exception!.GetBaseException().GetType().Name),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>One load at a time; concurrent callers share it.</summary>
    private Task<Snapshot> RefreshAsync()
    {
        lock (gate)
        {
            return refreshing ??= LoadAsync();
        }
    }

    private async Task<Snapshot> LoadAsync()
    {
        await Task.Yield();
        try
        {
            var suppliers = await cluster.Grains.GetGrain<ISupplierDirectoryGrain>(0).GetSuppliersAsync();
            var snapshot = new Snapshot(suppliers, time.GetTimestamp());
            current = snapshot;
            return snapshot;
        }
        finally
        {
            lock (gate)
            {
                refreshing = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the supplier list failed: {ExceptionType}")]
    private partial void LogRefreshFailed(string exceptionType);

    private sealed class Snapshot(IEnumerable<SupplierConfiguration> suppliers, long loadedAt)
    {
        private readonly FrozenDictionary<string, (byte[] Digest, SupplierConfiguration Supplier)> byDigest = suppliers
            .SelectMany(s => s.ApiKeySha256.Select(hex => (Hex: hex, Digest: Convert.FromHexString(hex), Supplier: s)))
            .DistinctBy(k => k.Hex)
            .ToFrozenDictionary(k => k.Hex, k => (k.Digest, k.Supplier), StringComparer.Ordinal);

        public long LoadedAt { get; } = loadedAt;

        /// <summary>
        /// Lookup is by digest, so its timing says nothing about the key; the final comparison is
        /// constant-time all the same.
        /// </summary>
        public SupplierConfiguration? Find(byte[] digest) =>
            byDigest.TryGetValue(Convert.ToHexStringLower(digest), out var entry)
            && CryptographicOperations.FixedTimeEquals(entry.Digest, digest)
                ? entry.Supplier
                : null;
    }
}
