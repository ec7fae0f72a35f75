using System.ComponentModel;
using System.Text.Json;
using Nox.Webhooks;

namespace Nox.Api.Webhooks;

/// <summary>An endpoint as the supplier API returns it: never its secret, except in <see cref="CreatedWebhookEndpointResponse"/>.</summary>
public sealed record WebhookEndpointResponse(
    [property: Description("The endpoint's id (we_…).")] string Id,
    string Url,
    WebhookEventType[] Events,
    [property: Description("false once disabled by the supplier, or by a 410 Gone answer.")] bool Enabled,
    [property: Description("Unix time (seconds).")] long CreatedAt)
{
    public static WebhookEndpointResponse From(WebhookEndpoint endpoint) =>
        new(endpoint.Id, endpoint.Url, [.. endpoint.Events], endpoint.Enabled, endpoint.CreatedAt);
}

public sealed record CreatedWebhookEndpointResponse(
    string Id,
    string Url,
    WebhookEventType[] Events,
    bool Enabled,
    long CreatedAt,
    [property: Description("The signing secret (whsec_ + base64 of 32 bytes): shown only here and at rotation.")] string Secret)
{
    public static CreatedWebhookEndpointResponse From(WebhookEndpoint endpoint, string secret) =>
        new(endpoint.Id, endpoint.Url, [.. endpoint.Events], endpoint.Enabled, endpoint.CreatedAt, secret);
}

public sealed record WebhookEndpointListResponse(WebhookEndpointResponse[] Data);

public sealed record WebhookSecretResponse(
    [property: Description("The new signing secret; the previous one keeps signing beside it for 24 hours.")] string Secret);

public sealed record WebhookTestResponse(
    [property: Description("true when the endpoint answered 2xx.")] bool Delivered,
    [property: Description("The endpoint's status code; null when it did not answer.")] int? StatusCode,
    [property: Description("What went wrong (a status, a timeout, a connection error); null when delivered.")] string? Error);

public sealed record WebhookDeliveryResponse(string EndpointId, WebhookDeliveryStatus Status, int Attempts, int? LastStatusCode)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) =>
        new(delivery.EndpointId, delivery.Status, delivery.Attempts, delivery.LastStatusCode);
}

/// <summary>An event exactly as it is sent (<c>id</c>, <c>type</c>, <c>created_at</c>, <c>data</c>), plus where its deliveries stand.</summary>
public sealed record WebhookEventResponse(
    [property: Description("The event's id (evt_…), the same on every delivery: deduplicate by it.")] string Id,
    WebhookEventType Type,
    [property: Description("Unix time (seconds).")] long CreatedAt,
    [property: Description("What the event is about: a link session, a user.")] JsonElement Data,
    WebhookDeliveryResponse[] Deliveries)
{
    public static WebhookEventResponse From(WebhookEventEntry entry)
    {
        using var body = JsonDocument.Parse(entry.Body);
        var root = body.RootElement;
        return new WebhookEventResponse(
            entry.Id,
            entry.Type,
            root.GetProperty("created_at").GetInt64(),
            root.GetProperty("data").Clone(),
            [.. entry.Deliveries.OrderBy(d => d.EndpointId, StringComparer.Ordinal).Select(WebhookDeliveryResponse.From)]);
    }
}

public sealed record WebhookEventListResponse(WebhookEventResponse[] Data, bool HasMore);
