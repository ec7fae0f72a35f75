using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// Loads the shared key ring before the process serves anything, creating its first key under a Redis lock.
/// Data Protection creates a key on first use when the ring has none, and a process reads the ring again only
/// daily (or, for a key it does not know, in its first two minutes): processes started together on an empty ring
/// would each create a key of their own, and a link token or brand token sealed by one would not open on another
/// for up to a day. Under the lock the first process creates the key and the others find it.
/// <para>
/// Then, with the ring loaded (it wraps the data key), it loads the service's data key ring (<see cref="DataKeyRing"/>),
/// creating the first data key if there is none: seals need it from the first create. If Redis does not answer, both
/// are loaded on first use instead (the data keys in the background; a seal meanwhile throws, it never stores plain text).
/// </para>
/// </summary>
public sealed partial class KeyRingStartup(IDataProtectionProvider provider, DataKeyRing dataKeys, RedisConnection redis, string lockKey, ILogger<KeyRingStartup> logger)
    : IHostedLifecycleService
{
    /// <summary>How long a process waits for another to finish creating the key; past it, it goes on (and logs it).</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LockHeld = TimeSpan.FromSeconds(30);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        StackExchange.Redis.IDatabase? database = null;
        var locked = false;
        try
        {
            database = (await redis.GetAsync()).GetDatabase();
            while (!(locked = await database.LockTakeAsync(lockKey, owner, LockHeld)) && Stopwatch.GetElapsedTime(started) < LockWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Redis is not there yet: the ring is read when it is, as before; readiness reports Redis meanwhile.
            LogLockUnavailable(logger, exception.GetType().Name);
            dataKeys.StartLoading();
            return;
        }

        if (!locked)
        {
            LogLockWaitExpired(logger, LockWait.TotalSeconds);
        }

        try
        {
            // Reads the ring, and creates and stores its first key if it has none.
            provider.CreateProtector("Nox.KeyRingStartup").Protect([0]);
            // The data key is created in one conditional transaction (first writer wins); under the lock, too, it is
            // created once by the process that created the ring's key.
            await dataKeys.LoadAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            LogLockUnavailable(logger, exception.GetType().Name);
            dataKeys.StartLoading();
        }
        finally
        {
            if (locked)
            {
                await database!.LockReleaseAsync(lockKey, owner);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Data Protection key ring was not loaded at start: Redis did not answer ({ExceptionType}). It is loaded on first use.")]
    private static partial void LogLockUnavailable(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waited {Seconds} s for another process to create the Data Protection key ring's first key; loading it without the lock.")]
    private static partial void LogLockWaitExpired(ILogger logger, double seconds);
}
