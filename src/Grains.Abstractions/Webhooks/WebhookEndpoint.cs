using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>A supplier's webhook endpoint as the supplier sees it: never its secret.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookEndpoint")]
public sealed record WebhookEndpoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<WebhookEventType> Events,
    [property: Id(3)] bool Enabled,
    [property: Id(4)] long CreatedAt);
