using Nox.Api.Hosting;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;
using Orleans.Serialization;

namespace Nox.Api.Errors;

/// <summary>Which exceptions mean "the cluster or its storage is unavailable right now" (503, retry).</summary>
public static class ClusterFailures
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Silo down, gateway gone, message rejected, storage conflict: all derive from OrleansException.
        OrleansException or TimeoutException or StorageUnavailableException => true,
        // A silo-side exception type the API does not know, such as the Redis storage provider's.
        UnavailableExceptionFallbackException => true,
        // The cluster client is not connected yet, or is shutting down.
        ClusterUnavailableException => true,
        // Too many creations already wait for the cluster (LinkSessionCreationBatcher).
        CreationQueueFullException => true,
        // No copy of the supplier list within its bound (SupplierCatalog).
        SupplierListUnavailableException => true,
        ObjectDisposedException when exception.Source?.StartsWith("Orleans", StringComparison.Ordinal) == true => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnavailable),
        _ => false,
    };
}
