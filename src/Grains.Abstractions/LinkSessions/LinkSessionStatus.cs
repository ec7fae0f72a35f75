using System.Text.Json.Serialization;

namespace Nox.LinkSessions;

[GenerateSerializer]
[Alias("nox.LinkSessionStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<LinkSessionStatus>))]
public enum LinkSessionStatus
{
    [JsonStringEnumMemberName("pending")] Pending = 0,
    [JsonStringEnumMemberName("completed")] Completed = 1,
    [JsonStringEnumMemberName("expired")] Expired = 2,
}
