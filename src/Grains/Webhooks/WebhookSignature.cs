using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Webhooks;

/// <summary>
/// The signature headers of one delivery, in both schemes the contract names, each with one signature per valid
/// secret (separated by a space while a rotated secret still signs):
/// <list type="bullet">
/// <item>NOX: <c>X-Webhook-Id</c>, <c>X-Webhook-Timestamp</c>, <c>X-Webhook-Signature: sha256=</c> lowercase hex of
/// HMAC-SHA256(key, <c>"{timestamp}.{body}"</c>);</item>
/// <item>Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,</c> base64 of
/// HMAC-SHA256(key, <c>"{id}.{timestamp}.{body}"</c>).</item>
/// </list>
/// </summary>
public static class WebhookSignature
{
    public const string NoxId = "X-Webhook-Id";
    public const string NoxTimestamp = "X-Webhook-Timestamp";
    public const string NoxSignature = "X-Webhook-Signature";
    public const string StandardId = "webhook-id";
    public const string StandardTimestamp = "webhook-timestamp";
    public const string StandardSignature = "webhook-signature";

    /// <summary>Every header of a delivery of <paramref name="body"/> (UTF-8 bytes) signed with each of <paramref name="secrets"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string eventId, long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var time = timestamp.ToString(CultureInfo.InvariantCulture);
        var nox = new StringBuilder();
        var standard = new StringBuilder();
        foreach (var secret in secrets)
        {
            var key = WebhookSecret.KeyOf(secret);
            if (nox.Length > 0)
            {
                nox.Append(' ');
                standard.Append(' ');
            }

            nox.Append("sha256=").Append(Convert.ToHexStringLower(Sign(key, $"{time}.", body)));
            standard.Append("v1,").Append(Convert.ToBase64String(Sign(key, $"{eventId}.{time}.", body)));
        }

        return
        [
            new(NoxId, eventId),
            new(NoxTimestamp, time),
            new(NoxSignature, nox.ToString()),
            new(StandardId, eventId),
            new(StandardTimestamp, time),
            new(StandardSignature, standard.ToString()),
        ];
    }

    private static byte[] Sign(byte[] key, string prefix, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(prefix));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
