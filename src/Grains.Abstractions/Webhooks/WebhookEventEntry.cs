using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>
/// One event of a supplier's log: the event exactly as it is sent (<see cref="Body"/>, the JSON
/// <c>{"id","type","created_at","data"}</c>) and its deliveries, one per endpoint it was sent to.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookEventEntry")]
public sealed record WebhookEventEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] WebhookEventType Type,
    [property: Id(2)] string Body,
    [property: Id(3)] ImmutableArray<WebhookDelivery> Deliveries);
