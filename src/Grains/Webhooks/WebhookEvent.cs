namespace Nox.Webhooks;

/// <summary>
/// An event as it is recorded and sent. <see cref="Body"/> is serialized once, when the event is created, and
/// every attempt sends exactly these bytes (signatures cover them); it is kept as stored, sealed when it shows a
/// link token (<see cref="WebhookBodySeal.Open"/> gives the bytes to send). <see cref="TraceParent"/> is the W3C
/// trace context of the change that caused it, so that each delivery's trace links to it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookEvent")]
public sealed record WebhookEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] WebhookEventType Type,
    [property: Id(2)] string Supplier,
    [property: Id(3)] long CreatedAtMilliseconds,
    [property: Id(4)] string Body,
    [property: Id(5)] string? TraceParent)
{
    /// <summary>No event data in a log line by accident: it can carry a link token.</summary>
    public override string ToString() => $"WebhookEvent {{ Id = {Id}, Type = {Type.ToWireName()} }}";
}
