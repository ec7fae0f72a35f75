using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Nox.Webhooks;

/// <summary>
/// Reads suppliers' event logs from the store (opening sealed bodies: the log shows each event as it is sent) and
/// queues redeliveries; holds nothing itself.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class WebhookEventLogGrain(
    IWebhookStore store,
    WebhookEventLog log,
    WebhookBodySeal bodies,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock) : Grain, IWebhookEventLogGrain
{
    public async Task<WebhookEventPage> ListAsync(string supplier, int limit, string? startingAfter)
    {
        var page = await store.ListAsync(supplier, Math.Clamp(limit, 1, WebhookEventLogLimits.MaxPageSize), startingAfter, clock.GetUtcNow().ToUnixTimeMilliseconds());
        return new WebhookEventPage(
            [.. page.Events.Select(e => new WebhookEventEntry(e.Event.Id, e.Event.Type, bodies.Open(e.Event.Body), e.Deliveries))],
            page.HasMore,
            page.CursorFound);
    }

    public async Task<bool> RedeliverAsync(string supplier, string eventId)
    {
        if (await store.GetAsync(supplier, eventId) is not { } stored)
        {
            return false;
        }

        var targets = await GrainFactory.GetGrain<IWebhookEndpointsGrain>(supplier).GetTargetsAsync();
        var endpointIds = targets.Where(t => t.Receives(stored.Event.Type)).Select(t => t.Id).ToList();

        // A new round for each: pending, its retry schedule from the start, due now. The round first: an attempt
        // under way can then no longer store its outcome, nor take the delivery out of its queue.
        await store.StartRoundAsync(supplier, eventId, endpointIds);
        await log.QueueAsync(supplier, eventId, endpointIds, clock.GetUtcNow().ToUnixTimeMilliseconds(), onlyIfAbsent: false);
        return true;
    }
}
