using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Nox.LinkSessions;
using Nox.Users;

namespace Nox.Brands;

/// <summary>
/// Encrypts an account's tokens before they leave the connector (ASP.NET Core Data Protection, the service's
/// key ring: docs/brand-connectors.md, "Token vault"). Each ciphertext is bound to its NOX user and brand by
/// the protector's purposes, so a blob copied to another user or brand does not decrypt. The NOX user grain
/// stores only the ciphertext; nothing logs, returns or stores the tokens in plain text.
/// </summary>
public sealed class BrandCredentialVault(IDataProtectionProvider provider)
{
    public const string Purpose = "Nox.BrandCredentials.v1";

    private readonly IDataProtector root = provider.CreateProtector(Purpose);

    public string Protect(string supplier, string supplierUserId, Brand brand, BrandTokens tokens) =>
        Base64Url.EncodeToString(ProtectorFor(supplier, supplierUserId, brand).Protect(Serialize(tokens)));

    /// <summary>The tokens; throws <see cref="System.Security.Cryptography.CryptographicException"/> for a ciphertext of another user or brand.</summary>
    public BrandTokens Unprotect(string supplier, string supplierUserId, Brand brand, string protectedCredentials) =>
        Deserialize(ProtectorFor(supplier, supplierUserId, brand).Unprotect(Base64Url.DecodeFromChars(protectedCredentials)));

    private IDataProtector ProtectorFor(string supplier, string supplierUserId, Brand brand) =>
        root.CreateProtector(NoxUserKey.For(supplier, supplierUserId), brand.ToWireName());

    private static byte[] Serialize(BrandTokens tokens)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("access_token", tokens.AccessToken);
            json.WriteString("refresh_token", tokens.RefreshToken);
            if (tokens.ExpiresAt is { } expiresAt)
            {
                json.WriteNumber("expires_at", expiresAt);
            }
            else
            {
                json.WriteNull("expires_at");
            }

            json.WriteString("scope", tokens.Scope);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static BrandTokens Deserialize(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        return new BrandTokens(
            root.GetProperty("access_token").GetString()!,
            root.GetProperty("refresh_token").GetString(),
            root.GetProperty("expires_at").ValueKind == JsonValueKind.Number ? root.GetProperty("expires_at").GetInt64() : null,
            root.GetProperty("scope").GetString());
    }
}
