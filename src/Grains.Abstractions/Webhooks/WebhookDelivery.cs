namespace Nox.Webhooks;

/// <summary>Where one event stands with one endpoint.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookDelivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] WebhookDeliveryStatus Status,
    [property: Id(2)] int Attempts,
    [property: Id(3)] int? LastStatusCode);
