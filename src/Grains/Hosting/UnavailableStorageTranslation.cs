using Orleans.Storage;

namespace Nox.Hosting;

/// <summary>
/// Wraps a grain storage provider so that its failures surface as
/// <see cref="StorageUnavailableException"/>, a type every caller knows. The provider's own exception
/// types live in an assembly the API does not load, so they could not even be deserialized there
/// (a 500 instead of a 503). ETag conflicts stay <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class UnavailableStorageTranslation(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.ClearStateAsync(stateName, grainId, grainState));

    private static async Task TranslateAsync(Task operation)
    {
        try
        {
            await operation;
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            // Only the type: provider messages name storage keys.
            throw new StorageUnavailableException($"Grain storage failed ({exception.GetType().Name}).");
        }
    }
}
