using System.Collections.Concurrent;

namespace Nox.Testing.Faults;

/// <summary>
/// Storage failures a test arranges for one grain: the next write (or read) of that grain fails with the
/// given exception, or runs an action first. Shared by every silo of a test cluster, so it does not matter
/// where the grain is activated.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<(GrainId Grain, StorageOperation Operation), Func<Exception?>> next = new();
    private readonly ConcurrentDictionary<GrainId, Exception> everyRead = new();

    /// <summary>The next write of <paramref name="grain"/>'s state fails with <paramref name="exception"/> and stores nothing.</summary>
    public void FailNextWrite(GrainId grain, Exception exception) => next[(grain, StorageOperation.Write)] = () => exception;

    /// <summary>Runs <paramref name="action"/> just before the next write of <paramref name="grain"/>'s state, which then goes ahead.</summary>
    public void BeforeNextWrite(GrainId grain, Action action) => next[(grain, StorageOperation.Write)] = () =>
    {
        action();
        return null;
    };

    /// <summary>Every read of <paramref name="grain"/>'s state fails with <paramref name="exception"/>, as stored state that never deserializes.</summary>
    public void FailEveryRead(GrainId grain, Exception exception) => everyRead[grain] = exception;

    /// <summary>Ends every fault arranged for <paramref name="grain"/>.</summary>
    public void Heal(GrainId grain)
    {
        everyRead.TryRemove(grain, out _);
        foreach (var operation in Enum.GetValues<StorageOperation>())
        {
            next.TryRemove((grain, operation), out _);
        }
    }

    internal Exception? Take(GrainId grain, StorageOperation operation)
    {
        if (operation == StorageOperation.Read && everyRead.TryGetValue(grain, out var always))
        {
            return always;
        }

        return next.TryRemove((grain, operation), out var fault) ? fault() : null;
    }
}

internal enum StorageOperation
{
    Read,
    Write,
    Clear,
}
