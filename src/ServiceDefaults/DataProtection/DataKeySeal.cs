using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// Seals short values at rest (link tokens, webhook bodies) with AES-256-GCM under the service's current data key
/// (<see cref="DataKeyRing"/>): envelope encryption, where Data Protection only wraps the data key. Data Protection's
/// own <c>Protect</c> derives a key per payload (SP800-108 with HMAC-SHA512) before AES-CBC and HMAC; this is one
/// AES-GCM pass with a key set up once per thread.
/// <para>
/// A sealed value is <c>k1.{key id}.{base64url(nonce 12 | ciphertext | tag 16)}</c>: <c>k1</c> names this format, the
/// key id names the data key it was sealed with (so a ring with several keys, after a rotation, opens every value),
/// and the <c>.</c> is outside base64url's alphabet and JSON never starts with <c>k</c>, so a sealed value is told
/// apart from a Data Protection payload in base64url and from plain JSON written by earlier versions. The nonce is
/// unique per value under its key (<see cref="DataKey.NextNonce"/>). The purpose (what the value is: a token, a body) is the associated data: a value sealed for
/// one purpose does not open for another.
/// </para>
/// </summary>
public sealed class DataKeySeal(DataKeyRing ring)
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The format's prefix; a key id and a <c>.</c> follow.</summary>
    public const string Prefix = "k1.";

    private const int HeaderLength = 3 + DataKey.IdLength + 1;

    /// <summary>Up to this many bytes, buffers live on the stack, sized to the value (the stack is zeroed as it is taken).</summary>
    private const int StackLimit = 1024;

    public static bool IsSealed(ReadOnlySpan<char> value) =>
        value.Length >= HeaderLength && value.StartsWith(Prefix, StringComparison.Ordinal) && value[HeaderLength - 1] == '.';

    /// <summary>Seals <paramref name="text"/> (UTF-8) for <paramref name="purpose"/>; throws when the data key is not loaded, never returns it unsealed.</summary>
    public string Seal(ReadOnlySpan<char> text, ReadOnlySpan<byte> purpose)
    {
        var key = ring.Current;
        var textLength = Encoding.UTF8.GetByteCount(text);
        var sealedLength = NonceSize + textLength + TagSize;
        byte[]? rented = null;
        Span<byte> buffer = sealedLength <= StackLimit ? stackalloc byte[sealedLength] : (rented = ArrayPool<byte>.Shared.Rent(sealedLength));
        try
        {
            var nonce = buffer[..NonceSize];
            var body = buffer.Slice(NonceSize, textLength);
            var tag = buffer.Slice(NonceSize + textLength, TagSize);
            key.NextNonce(nonce);
            Encoding.UTF8.GetBytes(text, body);
            // In place: AES-GCM encrypts the plaintext buffer into itself.
            key.Cipher.Encrypt(nonce, body, body, tag, purpose);
            return Encode(key.Id, buffer[..sealedLength]);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented.AsSpan(0, sealedLength));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Opens a value <see cref="Seal"/> made for the same <paramref name="purpose"/>; throws <see cref="CryptographicException"/> if it was changed, sealed for another purpose or with a key this ring does not hold.</summary>
    public string Open(ReadOnlySpan<char> value, ReadOnlySpan<byte> purpose)
    {
        if (!IsSealed(value))
        {
            throw new CryptographicException("Not a sealed value.");
        }

        var key = ring.Find(value.Slice(Prefix.Length, DataKey.IdLength));
        var encoded = value[HeaderLength..];
        var maxLength = Base64Url.GetMaxDecodedLength(encoded.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxLength <= StackLimit ? stackalloc byte[maxLength] : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        var written = 0;
        try
        {
            if (Base64Url.DecodeFromChars(encoded, buffer, out _, out written) != OperationStatus.Done || written < NonceSize + TagSize)
            {
                throw new CryptographicException("A sealed value that is not base64url or too short.");
            }

            var textLength = written - NonceSize - TagSize;
            var body = buffer.Slice(NonceSize, textLength);
            key.Cipher.Decrypt(buffer[..NonceSize], body, buffer.Slice(NonceSize + textLength, TagSize), body, purpose);
            return Encoding.UTF8.GetString(body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer[..written]);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string Encode(string keyId, ReadOnlySpan<byte> sealedBytes)
    {
        var length = HeaderLength + Base64Url.GetEncodedLength(sealedBytes.Length);
        char[]? rented = null;
        Span<char> chars = length <= StackLimit ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            Prefix.CopyTo(chars);
            keyId.CopyTo(chars[Prefix.Length..]);
            chars[HeaderLength - 1] = '.';
            Base64Url.EncodeToChars(sealedBytes, chars[HeaderLength..]);
            return new string(chars[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
