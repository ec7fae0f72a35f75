using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>An event of a supplier's log with its deliveries, one per endpoint it is for.</summary>
public sealed record StoredWebhookEvent(WebhookEvent Event, ImmutableArray<WebhookDelivery> Deliveries)
{
    public WebhookDelivery? DeliveryTo(string endpointId)
    {
        foreach (var delivery in Deliveries)
        {
            if (string.Equals(delivery.EndpointId, endpointId, StringComparison.Ordinal))
            {
                return delivery;
            }
        }

        return null;
    }

    public WebhookEventEntry ToEntry() => new(Event.Id, Event.Type, Event.Body, Deliveries);
}
