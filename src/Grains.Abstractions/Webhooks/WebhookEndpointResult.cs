namespace Nox.Webhooks;

/// <summary>
/// The result of creating, changing or rotating an endpoint: the endpoint afterwards and, at creation and
/// rotation only, its new secret; or why it was refused (<see cref="Error"/>, about request member <see cref="Field"/>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.WebhookEndpointResult")]
public sealed record WebhookEndpointResult(
    [property: Id(0)] WebhookEndpointOutcome Outcome,
    [property: Id(1)] WebhookEndpoint? Endpoint = null,
    [property: Id(2)] string? Secret = null,
    [property: Id(3)] string? Error = null,
    [property: Id(4)] string? Field = null)
{
    public static WebhookEndpointResult NotFound { get; } = new(WebhookEndpointOutcome.NotFound);

    public static WebhookEndpointResult Invalid(string error, string field) => new(WebhookEndpointOutcome.Invalid, Error: error, Field: field);
}
