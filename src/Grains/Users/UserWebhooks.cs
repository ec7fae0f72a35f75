using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nox.Webhooks;

namespace Nox.Users;

/// <summary>
/// The <c>user.deleted</c> event of a NOX user: <c>data</c> = <c>{"supplier_user_id", "nox_user_id"}</c>, with an id
/// derived from the user and its <c>nox_user_id</c>, so recording it again (a retried deletion) is the same event.
/// The user grain records it before it erases the user: once erased, nothing is left to derive it from, and a
/// deletion that fails after the record is retried by the supplier (the same event again, deduplicated by id).
/// </summary>
public sealed class UserWebhooks(WebhookEventLog log, [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    public Task RecordDeletionAsync(string userKey, NoxUserState user)
    {
        var now = clock.GetUtcNow();
        var id = WebhookIds.ForUserDeletion(userKey, user.NoxUserId!);
        var body = WebhookEventBodies.Write(id, WebhookEventType.UserDeleted, now.ToUnixTimeSeconds(), json =>
        {
            json.WriteString("supplier_user_id", user.SupplierUserId);
            json.WriteString("nox_user_id", user.NoxUserId);
        });
        return log.RecordAsync(new WebhookEvent(id, WebhookEventType.UserDeleted, user.Supplier, now.ToUnixTimeMilliseconds(), body, TraceParent()));
    }

    /// <summary>The trace of the deletion, so that each delivery's span links to it.</summary>
    private static string? TraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}
