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

    /// <summary>The same event with <paramref name="delivery"/> in place of the one to its endpoint.</summary>
    public StoredWebhookEvent With(WebhookDelivery delivery) => this with
    {
        Deliveries = [.. Deliveries.Where(d => !string.Equals(d.EndpointId, delivery.EndpointId, StringComparison.Ordinal)), delivery],
    };
}
