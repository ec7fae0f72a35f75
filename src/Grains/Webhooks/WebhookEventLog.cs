using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;

namespace Nox.Webhooks;

/// <summary>
/// Records events in their supplier's log and queues their deliveries. Idempotent by event id: recording an event
/// again (a sweeper after a crash, a retried deletion) creates nothing new, and only queues again the deliveries
/// still pending that a crash may have left out of their queue. An event no endpoint subscribes to (a supplier
/// without endpoints) is dropped here, which keeps sessions of suppliers that do not use webhooks free of their cost.
/// </summary>
public sealed class WebhookEventLog(IWebhookStore store, IGrainFactory grains, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    /// <summary>Records the event; false when its supplier has no endpoints (nothing recorded).</summary>
    public async Task<bool> RecordAsync(WebhookEvent webhookEvent) =>
        await RecordAsync(webhookEvent, await grains.Get<IWebhookEndpointsGrain>(webhookEvent.Supplier).GetTargetsAsync());

    /// <summary>Records the event for the supplier's endpoints <paramref name="targets"/>, read by the caller.</summary>
    public async Task<bool> RecordAsync(WebhookEvent webhookEvent, ImmutableArray<WebhookTarget> targets)
    {
        // An event none of the supplier's endpoints subscribes to is not recorded: the log shows what was sent.
        var subscribed = targets.Where(t => t.Receives(webhookEvent.Type)).Select(t => t.Id).ToList();
        if (subscribed.Count == 0)
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var pending = await store.AppendAsync(webhookEvent, subscribed, now);
        await QueueAsync(webhookEvent.Supplier, webhookEvent.Id, pending, now, onlyIfAbsent: true);
        return true;
    }

    /// <summary>Queues deliveries of an event now and wakes their partitions.</summary>
    public async Task QueueAsync(string supplier, string eventId, IReadOnlyList<string> endpointIds, long due, bool onlyIfAbsent)
    {
        if (endpointIds.Count == 0)
        {
            return;
        }

        var entries = endpointIds.Select(id => new WebhookQueueEntry(eventId, id, supplier)).ToList();
        await Task.WhenAll(entries.Select(e => store.ScheduleAsync(e.Partition, e.Member, due, onlyIfAbsent)));
        foreach (var partition in entries.Select(e => e.Partition).Distinct())
        {
            _ = grains.Get<IWebhookDeliveryPartitionGrain>(partition).Wake();
        }
    }
}
