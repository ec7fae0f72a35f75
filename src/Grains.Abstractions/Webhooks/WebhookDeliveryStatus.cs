using System.Text.Json.Serialization;

namespace Nox.Webhooks;

[GenerateSerializer]
[Alias("nox.WebhookDeliveryStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<WebhookDeliveryStatus>))]
public enum WebhookDeliveryStatus
{
    [JsonStringEnumMemberName("pending")] Pending = 0,
    [JsonStringEnumMemberName("delivered")] Delivered = 1,
    [JsonStringEnumMemberName("failed")] Failed = 2,
}
