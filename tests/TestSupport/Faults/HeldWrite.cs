namespace Nox.Testing.Faults;

/// <summary>A storage write that waits until the test releases it (see <see cref="StorageFaults.HoldNextWrite"/>): a slow storage, on cue.</summary>
public sealed class HeldWrite
{
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the write has reached storage and waits.</summary>
    public Task Reached => reached.Task;

    public void Release() => released.TrySetResult();

    internal Task WaitAsync()
    {
        reached.TrySetResult();
        return released.Task;
    }
}
