using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>
/// The one place that builds <c>redirect_to</c>: the session's stored <c>redirect_url</c> (never any other
/// URL) plus <c>data</c>, the base64url (unpadded) compact JSON
/// <c>{"nox_user_id","supplier_user_id","brand","device_ids","connected_at"}</c>, members in that order.
/// </summary>
public static class CompletionRedirect
{
    public const string DataParameter = "data";

    public static string RedirectTo(string redirectUrl, LinkSessionCompletion completion) =>
        RedirectUrls.AppendQuery(redirectUrl, DataParameter, Encode(completion));

    public static string Encode(LinkSessionCompletion completion)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("nox_user_id", completion.NoxUserId);
            json.WriteString("supplier_user_id", completion.SupplierUserId);
            json.WriteString("brand", completion.Brand.ToWireName());
            json.WriteStartArray("device_ids");
            foreach (var deviceId in completion.DeviceIds)
            {
                json.WriteStringValue(deviceId);
            }

            json.WriteEndArray();
            json.WriteNumber("connected_at", completion.ConnectedAt);
            json.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }
}
