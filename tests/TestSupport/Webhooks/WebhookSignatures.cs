using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Nox.Testing.Webhooks;

/// <summary>
/// Checks the NOX signature header independently of the service's code: HMAC-SHA256 over
/// <c>"{X-Webhook-Timestamp}.{body}"</c> with the secret's decoded key, as lowercase hex after <c>sha256=</c>.
/// (Standard Webhooks' header is verified with the StandardWebhooks package.)
/// </summary>
public static class WebhookSignatures
{
    public static IReadOnlyList<string> NoxSignatures(ReceivedWebhook webhook) =>
        webhook.Headers["X-Webhook-Signature"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string ExpectedNox(string secret, ReceivedWebhook webhook)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes(webhook.Headers["X-Webhook-Timestamp"] + ".").Concat(webhook.Body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }

    /// <summary>True when one of the NOX header's signatures is the one <paramref name="secret"/> makes.</summary>
    public static bool NoxVerifies(string secret, ReceivedWebhook webhook) =>
        NoxSignatures(webhook).Contains(ExpectedNox(secret, webhook), StringComparer.Ordinal);

    /// <summary>
    /// Verifies the Standard Webhooks headers with the reference implementation (it also checks the timestamp is
    /// recent): passes when one of the space-separated signatures verifies. StandardWebhooks 1.1.2 stops after the
    /// second-to-last entry of a list (its loop ends when no space follows), so each entry is handed to it on its own.
    /// </summary>
    public static void StandardVerify(string secret, ReceivedWebhook webhook)
    {
        var failures = new List<Exception>();
        foreach (var signature in webhook.Headers["webhook-signature"].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var headers = new HeaderDictionary();
            foreach (var (name, value) in webhook.Headers)
            {
                headers[name] = value;
            }

            headers["webhook-signature"] = signature;
            try
            {
                new StandardWebhook(secret).Verify(webhook.BodyText, headers);
                return;
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }

        throw new AggregateException("No webhook-signature entry verifies with this secret.", failures);
    }
}
