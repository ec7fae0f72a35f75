using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Api.Idempotency;

/// <summary>
/// An <c>Idempotency-Key</c> as one supplier sent it, and the two secrets derived from it (HKDF-SHA256 over
/// the length-prefixed supplier name and key, so keys are scoped to the supplier): the key of its
/// <c>IIdempotencyKeyGrain</c>, so the key never reaches grain ids, logs or Redis keys; and the AES-GCM key
/// that seals the session's link token in the stored record. Only a request that carries the key can
/// unseal the token again, so storage never holds a usable token.
/// </summary>
public sealed class SupplierIdempotencyKey
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private static readonly byte[] GrainKeyInfo = "nox idempotency-key grain key"u8.ToArray();
    private static readonly byte[] SealKeyInfo = "nox idempotency-key token seal"u8.ToArray();

    private readonly byte[] sealKey;

    private SupplierIdempotencyKey(string grainKey, byte[] sealKey)
    {
        GrainKey = grainKey;
        this.sealKey = sealKey;
    }

    /// <summary>The key of the grain that owns this supplier's key.</summary>
    public string GrainKey { get; }

    public static SupplierIdempotencyKey For(string supplier, string idempotencyKey)
    {
        var supplierBytes = Encoding.UTF8.GetBytes(supplier);
        var keyBytes = Encoding.ASCII.GetBytes(idempotencyKey);
        var material = new byte[4 + supplierBytes.Length + 4 + keyBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(material, supplierBytes.Length);
        supplierBytes.CopyTo(material, 4);
        BinaryPrimitives.WriteInt32BigEndian(material.AsSpan(4 + supplierBytes.Length), keyBytes.Length);
        keyBytes.CopyTo(material, 8 + supplierBytes.Length);

        Span<byte> grainKey = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, grainKey, salt: [], GrainKeyInfo);
        var sealKey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, sealKey, salt: [], SealKeyInfo);
        return new(Base64Url.EncodeToString(grainKey), sealKey);
    }

    /// <summary>The token encrypted and authenticated: a fresh nonce, the ciphertext and the tag, in base64url.</summary>
    public string Seal(string token)
    {
        var plain = Encoding.ASCII.GetBytes(token);
        var sealedBytes = new byte[NonceLength + plain.Length + TagLength];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(sealKey, TagLength);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceLength, plain.Length), sealedBytes.AsSpan(NonceLength + plain.Length));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The token <see cref="Seal"/> sealed under this key; a <see cref="CryptographicException"/> for anything else.</summary>
    public string Unseal(string sealedToken)
    {
        var sealedBytes = Base64Url.DecodeFromChars(sealedToken);
        if (sealedBytes.Length < NonceLength + TagLength)
        {
            throw new CryptographicException("The sealed token is too short.");
        }

        var plain = new byte[sealedBytes.Length - NonceLength - TagLength];
        using var aes = new AesGcm(sealKey, TagLength);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceLength), sealedBytes.AsSpan(NonceLength, plain.Length), sealedBytes.AsSpan(NonceLength + plain.Length), plain);
        return Encoding.ASCII.GetString(plain);
    }
}
