using System.Security.Cryptography;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// One AES-256 data key of the service (<see cref="DataKeyRing"/>): its id, which every value sealed with it
/// names (<see cref="DataKeySeal"/>), and its AES-GCM cipher. <see cref="AesGcm"/> is not thread-safe, so each
/// thread that seals or opens gets one of its own, made once per thread and key (its OpenSSL context is set up
/// once, not per value). The key's bytes never leave this object.
/// </summary>
public sealed class DataKey
{
    /// <summary>AES-256.</summary>
    public const int Size = 32;

    /// <summary>A key id is this many lowercase hex characters (4 random bytes).</summary>
    public const int IdLength = 8;

    private readonly byte[] key;
    private readonly ThreadLocal<AesGcm> ciphers;

    public DataKey(string id, ReadOnlySpan<byte> key)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"A data key id is {IdLength} lowercase hex characters.", nameof(id));
        }

        if (key.Length != Size)
        {
            throw new ArgumentException($"A data key is {Size} bytes.", nameof(key));
        }

        Id = id;
        this.key = key.ToArray();
        ciphers = new ThreadLocal<AesGcm>(() => new AesGcm(this.key, DataKeySeal.TagSize));
    }

    public string Id { get; }

    /// <summary>This thread's cipher under this key.</summary>
    public AesGcm Cipher => ciphers.Value!;

    /// <summary>A new random key with a new random id.</summary>
    public static DataKey Create() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2)), RandomNumberGenerator.GetBytes(Size));

    public static bool IsValidId(ReadOnlySpan<char> id) => id.Length == IdLength && !id.ContainsAnyExcept("0123456789abcdef");

    /// <summary>The key's bytes, only to be wrapped by Data Protection before they are stored (<see cref="RedisDataKeyStore"/>).</summary>
    internal ReadOnlySpan<byte> Bytes => key;

    public override string ToString() => $"data key {Id}";
}
