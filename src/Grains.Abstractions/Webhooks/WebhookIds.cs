using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Webhooks;

/// <summary>
/// Ids of events (<c>evt_</c>) and endpoints (<c>we_</c>), each followed by 22 base64url characters (132 bits).
/// An event caused by a change of state has an id derived from what it is about (a session and the event type, a
/// NOX user), so whoever records it, and however often (the grain, a sweeper after a crash), it is one event:
/// recording is idempotent by id.
/// </summary>
public static class WebhookIds
{
    public const string EventPrefix = "evt_";

    public const string EndpointPrefix = "we_";

    private const int RandomChars = 22;

    /// <summary>The one <paramref name="type"/> event of the session whose grain key is <paramref name="sessionKey"/>.</summary>
    public static string ForSessionEvent(string sessionKey, WebhookEventType type) => Derived($"link_session\n{sessionKey}\n{type.ToWireName()}");

    /// <summary>The deletion of the NOX user <paramref name="noxUserId"/>: a user created again later has another id, and so another event.</summary>
    public static string ForUserDeletion(string userKey, string noxUserId) => Derived($"user.deleted\n{userKey}\n{noxUserId}");

    public static string NewEvent() => EventPrefix + RandomPart();

    public static string NewEndpoint() => EndpointPrefix + RandomPart();

    public static bool IsEvent(string? id) => IsWellFormed(id, EventPrefix);

    public static bool IsEndpoint(string? id) => IsWellFormed(id, EndpointPrefix);

    private static bool IsWellFormed(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + RandomChars && id.StartsWith(prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(id.AsSpan(prefix.Length));

    private static string RandomPart() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The first 16 bytes of the subject's SHA-256, encoded as a random id is (a canonical 22 characters).</summary>
    private static string Derived(string subject) =>
        EventPrefix + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(subject)).AsSpan(0, 16));
}
