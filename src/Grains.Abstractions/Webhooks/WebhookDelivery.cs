namespace Nox.Webhooks;

/// <summary>
/// Where one event stands with one endpoint. <see cref="Round"/> is 0 when the event is recorded and one more at
/// each redelivery: an attempt's outcome is stored only while the round it was made in is still the current one,
/// so an attempt that was under way when a redelivery was asked for cannot absorb it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookDelivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] string EndpointId,
    [property: Id(1)] WebhookDeliveryStatus Status,
    [property: Id(2)] int Attempts,
    [property: Id(3)] int? LastStatusCode,
    [property: Id(4)] int Round = 0);
