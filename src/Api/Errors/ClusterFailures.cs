using Nox.Api.Hosting;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;

namespace Nox.Api.Errors;

/// <summary>
/// Which exceptions mean "the cluster, its storage or a brand's connector is unavailable right now" (503,
/// retry). Everything else, including a storage failure that retrying does not cure, is a 500.
/// </summary>
public static class ClusterFailures
{
    public static bool IsUnavailable(Exception exception) =>
        !CausedByStorageFailure(exception) && IsUnavailableFailure(exception);

    private static bool IsUnavailableFailure(Exception exception) => exception switch
    {
        // Silo down, gateway gone, message rejected, storage conflict: all derive from OrleansException.
        OrleansException or TimeoutException or StorageUnavailableException or BrandConnectorUnavailableException => true,
        // The cluster client is not connected yet, or is shutting down.
        ClusterUnavailableException => true,
        // Too many creations already wait for the cluster (LinkSessionCreationBatcher).
        CreationQueueFullException => true,
        // No copy of the supplier list within its bound (SupplierCatalog).
        SupplierListUnavailableException => true,
        // Redis itself, reached from this process: the Data Protection key ring (the OAuth state's keys).
        StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException => true,
        ObjectDisposedException when exception.Source?.StartsWith("Orleans", StringComparison.Ordinal) == true => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailableFailure),
        // A silo-side exception type the API cannot deserialize (UnavailableExceptionFallbackException)
        // is a bug, not unavailability: silos translate every storage provider exception.
        _ => false,
    };

    /// <summary>
    /// Orleans wraps a storage exception in an <see cref="OrleansException"/> (which alone would read as
    /// unavailable), so look through the chain for the silo's verdict.
    /// </summary>
    private static bool CausedByStorageFailure(Exception exception) => exception switch
    {
        StorageFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(CausedByStorageFailure),
        { InnerException: { } inner } => CausedByStorageFailure(inner),
        _ => false,
    };
}
