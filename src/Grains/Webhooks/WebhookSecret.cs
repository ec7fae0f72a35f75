using System.Security.Cryptography;

namespace Nox.Webhooks;

/// <summary>An endpoint's signing secret: <c>whsec_</c> and the base64 of 32 random bytes, the HMAC key.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    public const int KeyBytes = 32;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The HMAC key: the bytes the part after <see cref="Prefix"/> encodes.</summary>
    public static byte[] KeyOf(string secret) =>
        secret.StartsWith(Prefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(secret[Prefix.Length..])
            : throw new ArgumentException("Not a webhook secret.", nameof(secret));
}
