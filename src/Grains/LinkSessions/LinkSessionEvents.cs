using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nox.Webhooks;

namespace Nox.LinkSessions;

/// <summary>
/// The webhook events of a session, written once when each is created: <c>data</c> is the session as
/// <c>GET /v2/supplier/link-sessions/{token}</c> shows it at that moment (the same members in the same order),
/// plus <c>nox_user_id</c> and <c>device_ids</c> on completion and <c>reason</c> on expiry. Each event's id is
/// derived from the session and its type: one of each per session, whoever records it. The body shows the link
/// token, so the event carries it sealed (<see cref="WebhookBodySeal"/>): it is stored so, and opened to be sent.
/// </summary>
public sealed class LinkSessionEvents(IOptions<WebhookOptions> options, LinkTokenSeal tokens, WebhookBodySeal bodies)
{
    public const string ExpiredBySupplier = "supplier";
    public const string ExpiredByLifetime = "lifetime";

    public WebhookEvent Opened(string grainKey, LinkSessionState state, DateTimeOffset now) =>
        Create(grainKey, WebhookEventType.LinkSessionOpened, state, now, extra: null);

    public WebhookEvent Completed(string grainKey, LinkSessionState state, DateTimeOffset now) =>
        Create(grainKey, WebhookEventType.LinkSessionCompleted, state, now, json =>
        {
            json.WriteString("nox_user_id", state.NoxUserId);
            json.WriteStartArray("device_ids");
            foreach (var deviceId in state.DeviceIds.IsDefault ? [] : state.DeviceIds)
            {
                json.WriteStringValue(deviceId);
            }

            json.WriteEndArray();
        });

    /// <summary>The one expiry event of a session; <paramref name="reason"/> is <see cref="ExpiredBySupplier"/> or <see cref="ExpiredByLifetime"/>.</summary>
    public WebhookEvent Expired(string grainKey, LinkSessionState state, DateTimeOffset now, string reason) =>
        Create(grainKey, WebhookEventType.LinkSessionExpired, state, now, json => json.WriteString("reason", reason));

    private WebhookEvent Create(string grainKey, WebhookEventType type, LinkSessionState state, DateTimeOffset now, Action<Utf8JsonWriter>? extra)
    {
        var id = WebhookIds.ForSessionEvent(grainKey, type);
        var body = WebhookEventBodies.Write(id, type, now.ToUnixTimeSeconds(), json =>
        {
            WriteSession(json, state, now);
            extra?.Invoke(json);
        });
        return new WebhookEvent(id, type, state.Supplier, now.ToUnixTimeMilliseconds(), bodies.Seal(body), TraceParent());
    }

    /// <summary>The members of the supplier API's session response, in its order.</summary>
    private void WriteSession(Utf8JsonWriter json, LinkSessionState state, DateTimeOffset now)
    {
        var view = state.ToLinkSession(now);
        if (tokens.TokenOf(state) is { } token)
        {
            json.WriteString("link_url", $"{options.Value.PublicBaseUrl.TrimEnd('/')}/ui?token={token}&language={view.Language.ToCode()}");
            json.WriteString("link_token", token);
        }
        else
        {
            // A session stored before sessions kept their token.
            json.WriteNull("link_url");
            json.WriteNull("link_token");
        }

        json.WriteString("language", view.Language.ToCode());
        json.WriteString("redirect_url", view.RedirectUrl);
        json.WriteString("supplier", view.Supplier);
        json.WriteString("supplier_user_id", view.SupplierUserId);
        json.WriteNumber("created_at", view.CreatedAt);
        json.WriteNumber("expires_at", view.ExpiresAt);
        if (view.Brand is { } brand)
        {
            json.WriteString("brand", brand.ToWireName());
        }
        else
        {
            json.WriteNull("brand");
        }

        if (view.CompletedAt is { } completedAt)
        {
            json.WriteNumber("completed_at", completedAt);
        }
        else
        {
            json.WriteNull("completed_at");
        }

        json.WriteString("status", EnumWireNames<LinkSessionStatus>.All[(int)view.Status]);
    }

    /// <summary>The trace of the change, so that each delivery's span links to it.</summary>
    private static string? TraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}
