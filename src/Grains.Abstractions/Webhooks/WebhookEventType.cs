using System.Text.Json.Serialization;
using Nox.LinkSessions;

namespace Nox.Webhooks;

/// <summary>The events a supplier can subscribe a webhook endpoint to; wire names are the contract's.</summary>
[GenerateSerializer]
[Alias("nox.WebhookEventType")]
[JsonConverter(typeof(JsonStringEnumConverter<WebhookEventType>))]
public enum WebhookEventType
{
    [JsonStringEnumMemberName("link_session.opened")] LinkSessionOpened = 0,
    [JsonStringEnumMemberName("link_session.completed")] LinkSessionCompleted = 1,
    [JsonStringEnumMemberName("link_session.expired")] LinkSessionExpired = 2,
    [JsonStringEnumMemberName("user.deleted")] UserDeleted = 3,
    [JsonStringEnumMemberName("webhook.test")] WebhookTest = 4,
}

public static class WebhookEventTypes
{
    public static IReadOnlyList<string> WireNames { get; } = EnumWireNames<WebhookEventType>.All;

    /// <summary>Every type, in contract order: what an endpoint created without <c>events</c> subscribes to.</summary>
    public static IReadOnlyList<WebhookEventType> All { get; } = Enum.GetValues<WebhookEventType>();

    public static string ToWireName(this WebhookEventType type) => WireNames[(int)type];

    public static bool TryParse(string? wireName, out WebhookEventType type)
    {
        for (var i = 0; i < WireNames.Count; i++)
        {
            if (string.Equals(WireNames[i], wireName, StringComparison.Ordinal))
            {
                type = (WebhookEventType)i;
                return true;
            }
        }

        type = default;
        return false;
    }
}
