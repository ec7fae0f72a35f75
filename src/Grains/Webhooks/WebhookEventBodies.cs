using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nox.Webhooks;

/// <summary>
/// Writes an event's body once, compact, members in the contract's order:
/// <c>{"id","type","created_at","data"}</c>.
/// </summary>
public static class WebhookEventBodies
{
    /// <summary>Escapes only what JSON requires (an <c>&amp;</c> in a link_url stays <c>&amp;</c>), as the API's answers do.</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(string id, WebhookEventType type, long createdAt, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, Options))
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
