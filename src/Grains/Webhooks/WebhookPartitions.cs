namespace Nox.Webhooks;

/// <summary>
/// How the background work is divided. Each delivery partition and each sweeper shard is one grain, placed by
/// Orleans, so the work spreads over silos; their number bounds the reminders and Redis keys, never the load.
/// </summary>
public static class WebhookPartitions
{
    /// <summary>Delivery partitions: every delivery to one endpoint goes through the same one, which bounds its concurrency.</summary>
    public const int Deliveries = 8;

    /// <summary>Shards of the session indexes, one sweeper grain each.</summary>
    public const int Sweepers = 8;

    /// <summary>The partition of an endpoint: a stable hash (string.GetHashCode differs per process).</summary>
    public static int DeliveryPartitionOf(string endpointId) => (int)(Fnv1a(endpointId) % Deliveries);

    /// <summary>The shard of a session's index entries.</summary>
    public static int SweeperShardOf(string grainKey) => (int)(Fnv1a(grainKey) % Sweepers);

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
