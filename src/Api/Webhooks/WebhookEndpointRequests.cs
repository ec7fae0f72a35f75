using System.ComponentModel;
using Nox.Webhooks;

namespace Nox.Api.Webhooks;

/// <summary>The body of <c>POST /v2/supplier/webhook-endpoints</c>, as documented in OpenAPI; read by <see cref="WebhookEndpointRequestReader"/>.</summary>
public sealed record CreateWebhookEndpointRequest(
    [property: Description(WebhookEndpointRequestReader.UrlRule)] string Url,
    [property: Description("The event types to send; all of them when absent.")] WebhookEventType[]? Events = null);

/// <summary>The body of <c>PATCH /v2/supplier/webhook-endpoints/{id}</c>: members left out stay as they are.</summary>
public sealed record UpdateWebhookEndpointRequest(
    [property: Description(WebhookEndpointRequestReader.UrlRule)] string? Url = null,
    [property: Description("The event types to send (at least one).")] WebhookEventType[]? Events = null,
    [property: Description("false stops deliveries to the endpoint; true resumes them (also after a 410 disabled it).")] bool? Enabled = null);
