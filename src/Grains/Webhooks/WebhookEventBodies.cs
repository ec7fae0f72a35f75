using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Nox.Webhooks;

/// <summary>
/// Writes an event's body once, compact, members in the contract's order:
/// <c>{"id","type","created_at","data"}</c>.
/// </summary>
public static class WebhookEventBodies
{
    public static string Write(string id, WebhookEventType type, long createdAt, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("type", type.ToWireName());
            json.WriteNumber("created_at", createdAt);
            json.WritePropertyName("data");
            json.WriteStartObject();
            writeData(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
