using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// The service's data keys, which <see cref="DataKeySeal"/> seals with: one current key that seals, and every key
/// the service has, by id, to open what they sealed. With Redis the keys live wrapped by Data Protection in one hash
/// per service (<see cref="RedisDataKeyStore"/>), and every process loads them before it serves
/// (<see cref="KeyRingStartup"/>), so every process seals and opens with the one key the first process created. On
/// the embedded default the ring is a random key in memory, made with the process's Data Protection ring and lost
/// with it, as the in-memory state it protects is.
/// <para>
/// Rotation is not implemented, but the ring is ready for it: each sealed value names its key, so a new current key
/// added to the hash seals from then on while the old one keeps opening what it sealed.
/// </para>
/// </summary>
public sealed partial class DataKeyRing
{
    /// <summary>At most one reload per this period for values naming a key this process does not hold.</summary>
    private static readonly TimeSpan UnknownKeyReloadPeriod = TimeSpan.FromSeconds(10);

    private readonly Func<CancellationToken, Task<DataKeys>>? load;
    private readonly ILogger? logger;
    private readonly Lock gate = new();
    private volatile DataKeys? keys;
    private Task? loading;
    private long unknownKeyReloadAt;

    /// <summary>A ring loaded from storage by <paramref name="load"/>: <see cref="LoadAsync"/> at start, or in the background on first use.</summary>
    public DataKeyRing(Func<CancellationToken, Task<DataKeys>> load, ILogger<DataKeyRing> logger)
    {
        this.load = load;
        this.logger = logger;
    }

    private DataKeyRing(DataKeys keys) => this.keys = keys;

    /// <summary>A ring of one random key that lives in memory only (the embedded default, tests).</summary>
    public static DataKeyRing InMemory(DataKey? key = null)
    {
        key ??= DataKey.Create();
        return new DataKeyRing(new DataKeys(key, [key]));
    }

    public bool IsLoaded => keys is not null;

    /// <summary>The key that seals; throws while the ring is not loaded (and starts loading it).</summary>
    public DataKey Current => (keys ?? NotLoaded()).Current;

    /// <summary>The key with id <paramref name="id"/>; throws <see cref="CryptographicException"/> for a key this ring does not hold.</summary>
    public DataKey Find(ReadOnlySpan<char> id)
    {
        var ring = keys ?? NotLoaded();
        foreach (var key in ring.All)
        {
            if (id.SequenceEqual(key.Id))
            {
                return key;
            }
        }

        // A key added after this process loaded the ring (a rotation): read it again for the next attempt, at most
        // once per period however many such values arrive.
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref unknownKeyReloadAt);
        if (now >= due && Interlocked.CompareExchange(ref unknownKeyReloadAt, now + (long)UnknownKeyReloadPeriod.TotalMilliseconds, due) == due)
        {
            StartLoading();
        }

        throw new CryptographicException($"The data key {id} is not in this service's data key ring.");
    }

    /// <summary>Loads the keys (creating the first one if the service has none).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (load is null)
        {
            return;
        }

        var loaded = await load(cancellationToken);
        // Keys this process held already keep opening what they sealed, even if storage no longer has them.
        var held = keys?.All.Where(k => !loaded.All.Any(l => l.Id == k.Id)) ?? [];
        keys = loaded with { All = [.. loaded.All, .. held] };
        LogLoaded(logger!, loaded.All.Length, loaded.Current.Id);
    }

    /// <summary>Loads the keys in the background unless that is already under way; failures are logged, and the next use tries again.</summary>
    public void StartLoading()
    {
        if (load is null)
        {
            return;
        }

        lock (gate)
        {
            if (loading is { IsCompleted: false })
            {
                return;
            }

            loading = Task.Run(async () =>
            {
                try
                {
                    await LoadAsync(CancellationToken.None);
                }
                catch (Exception exception)
                {
                    LogLoadFailed(logger!, exception.GetType().Name);
                }
            });
        }
    }

    private DataKeys NotLoaded()
    {
        StartLoading();
        throw new InvalidOperationException("The service's data key is not loaded (storage did not answer yet): nothing is sealed or opened without it.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data key ring loaded: {Count} key(s), current {KeyId}.")]
    private static partial void LogLoaded(ILogger logger, int count, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data key ring could not be loaded ({ExceptionType}); the next seal or open tries again.")]
    private static partial void LogLoadFailed(ILogger logger, string exceptionType);
}
