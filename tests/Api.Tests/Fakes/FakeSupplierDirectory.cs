using System.Collections.Immutable;
using Nox.Suppliers;

namespace Nox.Api.Tests.Fakes;

/// <summary>The supplier directory as the API reads it; it can fail, or hold its answers until released.</summary>
public sealed class FakeSupplierDirectory : ISupplierDirectoryGrain
{
    private readonly object gate = new();
    private TaskCompletionSource? held;
    private int calls;

    public ImmutableArray<SupplierConfiguration> Suppliers { get; set; } = [];

    /// <summary>When set, every load fails with it.</summary>
    public Exception? Failure { get; set; }

    public int Calls => Volatile.Read(ref calls);

    /// <summary>From now on, loads wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (gate)
        {
            held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (gate)
        {
            held?.SetResult();
            held = null;
        }
    }

    public async Task<ImmutableArray<SupplierConfiguration>> GetSuppliersAsync()
    {
        Interlocked.Increment(ref calls);
        Task? wait;
        lock (gate)
        {
            wait = held?.Task;
        }

        if (wait is not null)
        {
            await wait;
        }

        return Failure is { } failure ? throw failure : Suppliers;
    }

    public Task ApplyConfigurationAsync(ImmutableArray<SupplierConfiguration> suppliers) => throw new NotSupportedException();
}
