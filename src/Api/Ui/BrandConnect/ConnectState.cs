using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Nox.LinkSessions;

namespace Nox.Api.Ui.BrandConnect;

/// <summary>
/// The OAuth <c>state</c> of one consent-page attempt: the link token, the brand and the page's language,
/// with 128 random bits, encrypted and authenticated with the service's Data Protection key ring. It is what
/// lets the callback, which arrives with nothing but <c>code</c> and <c>state</c> (the pages set no cookie),
/// show the session's pages again and offer a retry, while the manufacturer and the browser history see only
/// ciphertext. Unguessable and bound to the session and brand by construction; single use is the
/// <see cref="Brands.IBrandAuthorizationGrain"/>'s, keyed by the state's hash.
/// </summary>
public sealed class ConnectState(IDataProtectionProvider provider)
{
    public const string Purpose = "Nox.Authenticator.AuthorizationState.v1";

    /// <summary>Far beyond any session's lifetime, so an expired session still gets its 410 page; after that it is unknown.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A state longer than this was not minted here.</summary>
    public const int MaxLength = 512;

    private const byte Version = 1;
    private const byte NoLanguage = 0xFF;
    private const int NonceLength = 16;
    private const int PayloadLength = 1 + LinkToken.ByteLength + 1 + 1 + NonceLength;

    private readonly ITimeLimitedDataProtector protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Mint(string token, Brand brand, Language? language)
    {
        var payload = new byte[PayloadLength];
        payload[0] = Version;
        if (!Base64Url.TryDecodeFromChars(token, payload.AsSpan(1, LinkToken.ByteLength), out var written) || written != LinkToken.ByteLength)
        {
            throw new ArgumentException("Not a link token.", nameof(token));
        }

        payload[1 + LinkToken.ByteLength] = (byte)brand;
        payload[2 + LinkToken.ByteLength] = language is { } l ? (byte)l : NoLanguage;
        RandomNumberGenerator.Fill(payload.AsSpan(3 + LinkToken.ByteLength));
        return Base64Url.EncodeToString(protector.Protect(payload, Lifetime));
    }

    /// <summary>What a state minted here says; false for anything else (forged, altered, too old, from another service).</summary>
    public bool TryRead(string? state, out Contents contents)
    {
        contents = default;
        if (string.IsNullOrEmpty(state) || state.Length > MaxLength || !Base64Url.IsValid(state))
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = protector.Unprotect(Base64Url.DecodeFromChars(state), out _);
        }
        catch (CryptographicException)
        {
            return false;
        }

        if (payload.Length != PayloadLength || payload[0] != Version
            || !Enum.IsDefined((Brand)payload[1 + LinkToken.ByteLength]))
        {
            return false;
        }

        var languageByte = payload[2 + LinkToken.ByteLength];
        Language? language = languageByte == NoLanguage ? null : (Language)languageByte;
        if (language is { } l && !Enum.IsDefined(l))
        {
            return false;
        }

        contents = new Contents(
            Base64Url.EncodeToString(payload.AsSpan(1, LinkToken.ByteLength)),
            (Brand)payload[1 + LinkToken.ByteLength],
            language);
        return true;
    }

    /// <summary>What a state carries. <see cref="Token"/> is a well-formed link token.</summary>
    public readonly record struct Contents(string Token, Brand Brand, Language? Language);
}
