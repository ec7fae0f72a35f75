using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Nox.Hosting;

/// <summary>
/// Wraps a grain storage provider so that its failures surface as types every caller knows: the
/// provider's own exception types live in an assembly the API does not load, so they could not even be
/// deserialized there. Real unavailability (<see cref="StorageFailureCause.IsUnavailable"/>) becomes
/// <see cref="StorageUnavailableException"/> (503, retry); anything else, such as state that does not
/// deserialize or a bug, is logged here once with its cause and becomes
/// <see cref="StorageFailedException"/> (500). ETag conflicts stay <see cref="InconsistentStateException"/>.
/// </summary>
public sealed partial class StorageFailureTranslation(IGrainStorage inner, ILogger<StorageFailureTranslation> logger) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.ReadStateAsync(stateName, grainId, grainState), "read", stateName, grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.WriteStateAsync(stateName, grainId, grainState), "write", stateName, grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.ClearStateAsync(stateName, grainId, grainState), "clear", stateName, grainId);

    private async Task TranslateAsync(Task operation, string operationName, string stateName, GrainId grainId)
    {
        try
        {
            await operation;
        }
        catch (Exception exception) when (exception is not InconsistentStateException)
        {
            throw Translate(exception, logger, operationName, stateName, grainId);
        }
    }

    /// <summary>What <paramref name="exception"/>, thrown by a storage operation, surfaces as; a failure a retry will not cure is logged.</summary>
    public static Exception Translate(Exception exception, ILogger logger, string operationName, string stateName, GrainId grainId)
    {
        var cause = StorageFailureCause.Of(exception);
        if (cause.IsUnavailable)
        {
            return new StorageUnavailableException($"Grain storage is unavailable ({cause.TypeName}).");
        }

        // The grain type, never the grain key: keys of sessions and users derive from secrets.
        LogFailed(logger, operationName, grainId.Type.ToString(), stateName, cause.TypeName, cause.Message);
        return new StorageFailedException($"Grain storage {operationName} failed ({cause.TypeName}).");
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Grain storage {Operation} of {GrainType} {StateName} failed, and a retry will not help: {CauseType}: {CauseMessage}")]
    private static partial void LogFailed(ILogger logger, string operation, string grainType, string stateName, string causeType, string causeMessage);
}
