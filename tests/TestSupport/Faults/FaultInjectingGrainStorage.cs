using Orleans.Storage;

namespace Nox.Testing.Faults;

/// <summary>A grain storage provider that fails when <see cref="StorageFaults"/> says so, and otherwise is <c>inner</c>.</summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Take(grainId, StorageOperation.Read) is { } fault ? Task.FromException(fault) : inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.TakeHold(grainId) is { } hold ? WriteAfterAsync(hold, stateName, grainId, grainState) : WriteNowAsync(stateName, grainId, grainState);

    private async Task WriteAfterAsync<T>(HeldWrite hold, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await hold.WaitAsync();
        await WriteNowAsync(stateName, grainId, grainState);
    }

    private Task WriteNowAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Take(grainId, StorageOperation.Write) is { } fault ? Task.FromException(fault) : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Take(grainId, StorageOperation.Clear) is { } fault ? Task.FromException(fault) : inner.ClearStateAsync(stateName, grainId, grainState);
}
