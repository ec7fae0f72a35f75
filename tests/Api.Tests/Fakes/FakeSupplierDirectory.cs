using System.Collections.Immutable;
using Nox.Suppliers;

namespace Nox.Api.Tests.Fakes;

/// <summary>
/// The supplier directory as the API's catalog reads it: a version that moves whenever the test changes the
/// suppliers; it can fail, or hold its answers until released. Administration is not faked.
/// </summary>
public sealed class FakeSupplierDirectory : ISupplierDirectoryGrain
{
    private readonly object gate = new();
    private TaskCompletionSource? held;
    private ImmutableArray<SupplierConfiguration> suppliers = [];
    private ImmutableArray<string> unconfirmed = [];
    private long version = 1;
    private int calls;
    private int reloads;

    public ImmutableArray<SupplierConfiguration> Suppliers
    {
        get => suppliers;
        set
        {
            suppliers = value;
            Interlocked.Increment(ref version);
        }
    }

    /// <summary>Suppliers the directory could not confirm (their keys answer 503).</summary>
    public ImmutableArray<string> Unconfirmed
    {
        get => unconfirmed;
        set
        {
            unconfirmed = value;
            Interlocked.Increment(ref version);
        }
    }

    /// <summary>When set, every call fails with it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Every check, whether or not anything changed.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Checks that answered a whole list (the version had moved).</summary>
    public int Reloads => Volatile.Read(ref reloads);

    /// <summary>From now on, calls wait until <see cref="Release"/>.</summary>
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

    public async Task<SupplierDirectorySnapshot?> GetSuppliersIfChangedAsync(long knownVersion)
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

        if (Failure is { } failure)
        {
            throw failure;
        }

        var current = Volatile.Read(ref version);
        if (current == knownVersion)
        {
            return null;
        }

        Interlocked.Increment(ref reloads);
        return new SupplierDirectorySnapshot(current, suppliers, unconfirmed);
    }

    public Task<ImmutableArray<SupplierConfiguration>> GetSuppliersAsync() => Task.FromResult(suppliers);

    public Task<ImmutableArray<SupplierDetails>> ListAsync() => throw new NotSupportedException();

    public Task<SupplierResult> CreateAsync(NewSupplier supplier) => throw new NotSupportedException();

    public Task<SupplierResult> UpdateAsync(string name, SupplierUpdate update) => throw new NotSupportedException();

    public Task<SupplierResult> DeleteAsync(string name) => throw new NotSupportedException();

    public Task<ApiKeyResult> IssueApiKeyAsync(string name, NewApiKey key) => throw new NotSupportedException();

    public Task<ApiKeyResult> RotateApiKeyAsync(string name, string keyId, NewApiKey replacement, long graceSeconds) => throw new NotSupportedException();

    public Task<ApiKeyResult> RevokeApiKeyAsync(string name, string keyId) => throw new NotSupportedException();

    public Task ApplyConfigurationAsync(ImmutableArray<ConfiguredSupplier> suppliers) => throw new NotSupportedException();
}
