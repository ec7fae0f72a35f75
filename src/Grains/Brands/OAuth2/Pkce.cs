using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Brands.OAuth2;

/// <summary>Proof Key for Code Exchange (RFC 7636), method S256 only.</summary>
public static class Pkce
{
    public const string Method = "S256";

    /// <summary>256 bits from the OS CSPRNG: 43 base64url characters, within the RFC's 43–128 unreserved characters.</summary>
    public static string NewVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>BASE64URL(SHA256(ASCII(verifier))).</summary>
    public static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
