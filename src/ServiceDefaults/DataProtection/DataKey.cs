using System.Buffers.Binary;
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

    /// <summary>This process's fixed field of the nonces it makes under this key: random, drawn once.</summary>
    private readonly ulong noncePrefix = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    private long nonceCounter;

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

    /// <summary>
    /// A nonce never used before under this key (NIST SP 800-38D's deterministic construction, 8.2.1): a fixed
    /// field of 64 random bits drawn by this process, then a counter. Within the process every nonce differs; two
    /// processes collide only if they drew the same 64 bits (about P² / 2⁶⁵ for P process starts over the key's
    /// life). Unlike 96 random bits per value, it sets no 2³² bound on the values one key may seal, and costs no
    /// call to the random generator (which was a third of a seal).
    /// </summary>
    public void NextNonce(Span<byte> nonce)
    {
        var count = (ulong)Interlocked.Increment(ref nonceCounter);
        // Past 2³² values the counter's high half changes the fixed field: still distinct within the process.
        BinaryPrimitives.WriteUInt64BigEndian(nonce, noncePrefix ^ (count >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[sizeof(ulong)..], (uint)count);
    }

    /// <summary>A new random key with a new random id.</summary>
    public static DataKey Create() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2)), RandomNumberGenerator.GetBytes(Size));

    public static bool IsValidId(ReadOnlySpan<char> id) => id.Length == IdLength && !id.ContainsAnyExcept("0123456789abcdef");

    /// <summary>The key's bytes, only to be wrapped by Data Protection before they are stored (<see cref="RedisDataKeyStore"/>).</summary>
    internal ReadOnlySpan<byte> Bytes => key;

    public override string ToString() => $"data key {Id}";
}
