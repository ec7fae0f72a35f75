using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>A partial update of an endpoint: members left null stay as they are.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookEndpointChange")]
public sealed record WebhookEndpointChange(
    [property: Id(0)] string? Url,
    [property: Id(1)] ImmutableArray<WebhookEventType>? Events,
    [property: Id(2)] bool? Enabled);
