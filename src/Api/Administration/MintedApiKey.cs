using System.Buffers.Text;
using System.Security.Cryptography;
using Nox.Suppliers;

namespace Nox.Api.Administration;

/// <summary>
/// A supplier API key, minted by the API: the only place that ever sees it. It is answered once, to the admin
/// who asked for it; the cluster receives its digest and prefix only.
/// </summary>
public sealed record MintedApiKey(string Key, string Sha256, string Prefix)
{
    public const string KeyPrefix = "nox_sk_";

    /// <summary>256 bits from the OS CSPRNG: 43 base64url characters.</summary>
    public const int RandomBytes = 32;

    /// <summary>How much of a key the admin API shows, to tell keys apart: <c>nox_sk_</c> and 5 random characters.</summary>
    public const int PrefixLength = 12;

    public static MintedApiKey Mint()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        var key = KeyPrefix + Base64Url.EncodeToString(bytes);
        return new MintedApiKey(key, ApiKeyDigest.Of(key), key[..PrefixLength]);
    }

    public NewApiKey ToNewApiKey(long? expiresAt) => new(Sha256, Prefix, expiresAt);

    /// <summary>Never the key: records print themselves in logs and debuggers.</summary>
    public override string ToString() => $"{Prefix}…";
}
