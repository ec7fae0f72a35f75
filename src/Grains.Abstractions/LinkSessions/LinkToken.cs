using System.Buffers.Text;
using System.Security.Cryptography;

namespace Nox.LinkSessions;

/// <summary>
/// Link tokens are bearer credentials. The API mints them; grains are keyed by their SHA-256 so that
/// the token itself never reaches grain ids, which Orleans writes into logs, traces and Redis keys.
/// </summary>
public static class LinkToken
{
    /// <summary>192 bits from the OS CSPRNG; 32 base64url characters.</summary>
    public const int ByteLength = 24;

    public const int Length = 32;

    public static string Mint()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>True when the text has the shape of a minted token, so garbage never reaches a grain.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> token) =>
        token.Length == Length && Base64Url.IsValid(token, out var decodedLength) && decodedLength == ByteLength;

    /// <summary>The key of the <see cref="ILinkSessionGrain"/> that owns the session of this token.</summary>
    public static string ToGrainKey(ReadOnlySpan<char> token)
    {
        Span<byte> raw = stackalloc byte[ByteLength];
        if (!Base64Url.TryDecodeFromChars(token, raw, out var written) || written != ByteLength)
        {
            throw new ArgumentException("Not a link token.", nameof(token));
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(raw, hash);
        return Base64Url.EncodeToString(hash);
    }
}
