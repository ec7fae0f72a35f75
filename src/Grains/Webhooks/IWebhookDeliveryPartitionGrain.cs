using Orleans.Concurrency;

namespace Nox.Webhooks;

/// <summary>
/// One of <see cref="WebhookPartitions.Deliveries"/> delivery partitions (key 0…7): it pulls due deliveries from its
/// queue in bounded batches and attempts them. A reminder re-activates it after a silo is lost.
/// </summary>
[Alias("nox.IWebhookDeliveryPartitionGrain")]
public interface IWebhookDeliveryPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Look at the queue now: a delivery was just queued.</summary>
    [OneWay]
    [Alias("Wake")]
    Task Wake();

    /// <summary>Registers the partition's reminder (idempotent); every silo calls it at start.</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();
}
