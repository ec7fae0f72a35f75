using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>
/// An endpoint as delivery needs it, with the secrets that sign (the current one first, then a rotated one
/// while it is still valid). Only silos ask for it; it is never part of an answer to a supplier.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] ImmutableArray<WebhookEventType> Events,
    [property: Id(3)] bool Enabled,
    [property: Id(4)] ImmutableArray<string> Secrets)
{
    public bool Receives(WebhookEventType type) => Enabled && Events.Contains(type);

    /// <summary>No secret in a log line or an exception message by accident.</summary>
    public override string ToString() => $"WebhookTarget {{ Id = {Id} }}";
}
