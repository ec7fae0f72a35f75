using System.Collections.Immutable;
using System.Text.Json;
using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.Webhooks;

namespace Nox.Api.Webhooks;

/// <summary>
/// Reads endpoint requests so that every broken rule gets a 400 naming its member. Whether a URL may be reached
/// (its scheme, and the addresses it resolves to) is the silo's to say, since the silo sends: it answers that as
/// <see cref="WebhookEndpointOutcome.Invalid"/>.
/// </summary>
public static class WebhookEndpointRequestReader
{
    public const string UrlMember = "url";
    public const string EventsMember = "events";
    public const string EnabledMember = "enabled";

    public const string UrlRule =
        "Where events are POSTed: an absolute https URL (http only for localhost and 127.0.0.1) whose host does not " +
        "resolve to a loopback, private or link-local address.";

    public static Task<(CreateWebhookEndpointRequestValue? Value, RequestBodyProblem? Error)> ReadCreateAsync(HttpRequest request) =>
        JsonRequestBody.ReadAsync<CreateWebhookEndpointRequestValue>(request, body =>
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (null, RequestBodyProblem.Invalid("The request body must be a JSON object."));
            }

            if (!body.TryGetProperty(UrlMember, out var urlElement) || !JsonStrings.TryGetString(urlElement, out var url))
            {
                return (null, RequestBodyProblem.Invalid("url is required and must be a string.", UrlMember));
            }

            var (events, error) = ReadEvents(body);
            return error is null ? (new CreateWebhookEndpointRequestValue(url, events ?? []), null) : (null, error);
        });

    public static Task<(WebhookEndpointChange? Value, RequestBodyProblem? Error)> ReadUpdateAsync(HttpRequest request) =>
        JsonRequestBody.ReadAsync<WebhookEndpointChange>(request, body =>
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (null, RequestBodyProblem.Invalid("The request body must be a JSON object."));
            }

            string? url = null;
            if (body.TryGetProperty(UrlMember, out var urlElement) && !JsonStrings.TryGetString(urlElement, out url!))
            {
                return (null, RequestBodyProblem.Invalid("url must be a string.", UrlMember));
            }

            bool? enabled = null;
            if (body.TryGetProperty(EnabledMember, out var enabledElement))
            {
                if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return (null, RequestBodyProblem.Invalid("enabled must be true or false.", EnabledMember));
                }

                enabled = enabledElement.GetBoolean();
            }

            var (events, error) = ReadEvents(body);
            return error is null ? (new WebhookEndpointChange(url, events, enabled), null) : (null, error);
        });

    /// <summary>Null when absent; otherwise a non-empty array of known types.</summary>
    private static (ImmutableArray<WebhookEventType>? Events, RequestBodyProblem? Error) ReadEvents(JsonElement body)
    {
        if (!body.TryGetProperty(EventsMember, out var element))
        {
            return (null, null);
        }

        var rule = $"events must be a non-empty array of: {string.Join(", ", WebhookEventTypes.WireNames)}.";
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return (null, RequestBodyProblem.Invalid(rule, EventsMember));
        }

        var events = ImmutableArray.CreateBuilder<WebhookEventType>();
        foreach (var item in element.EnumerateArray())
        {
            if (!JsonStrings.TryGetString(item, out var name) || !WebhookEventTypes.TryParse(name, out var type))
            {
                return (null, RequestBodyProblem.Invalid(rule, EventsMember));
            }

            events.Add(type);
        }

        return (events.ToImmutable(), null);
    }
}

/// <summary>A read create request: the URL and the types (empty = all).</summary>
public sealed record CreateWebhookEndpointRequestValue(string Url, ImmutableArray<WebhookEventType> Events);
