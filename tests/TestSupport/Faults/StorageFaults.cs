using System.Collections.Concurrent;

namespace Nox.Testing.Faults;

/// <summary>
/// Storage failures a test arranges for one grain: the next write (or read) of that grain fails with the
/// given exception, runs an action first, or waits until the test releases it. Shared by every silo of a test cluster, so it does not matter
/// where the grain is activated.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<(GrainId Grain, StorageOperation Operation), Func<Exception?>> next = new();
    private readonly ConcurrentDictionary<GrainId, Exception> everyRead = new();
    private readonly ConcurrentDictionary<GrainId, HeldWrite> holds = new();

    /// <summary>The next write of <paramref name="grain"/>'s state fails with <paramref name="exception"/> and stores nothing.</summary>
    public void FailNextWrite(GrainId grain, Exception exception) => next[(grain, StorageOperation.Write)] = () => exception;

    /// <summary>Runs <paramref name="action"/> just before the next write of <paramref name="grain"/>'s state, which then goes ahead.</summary>
    public void BeforeNextWrite(GrainId grain, Action action) => next[(grain, StorageOperation.Write)] = () =>
    {
        action();
        return null;
    };

    /// <summary>The next write of <paramref name="grain"/>'s state waits until the returned hold is released, then goes ahead (or fails as arranged).</summary>
    public HeldWrite HoldNextWrite(GrainId grain) => holds[grain] = new HeldWrite();

    /// <summary>Every read of <paramref name="grain"/>'s state fails with <paramref name="exception"/>, as stored state that never deserializes.</summary>
    public void FailEveryRead(GrainId grain, Exception exception) => everyRead[grain] = exception;

    /// <summary>Ends every fault arranged for <paramref name="grain"/>.</summary>
    public void Heal(GrainId grain)
    {
        everyRead.TryRemove(grain, out _);
        if (holds.TryRemove(grain, out var hold))
        {
            hold.Release();
        }

        foreach (var operation in Enum.GetValues<StorageOperation>())
        {
            next.TryRemove((grain, operation), out _);
        }
    }

    internal HeldWrite? TakeHold(GrainId grain) => holds.TryRemove(grain, out var hold) ? hold : null;

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
