using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;

namespace Nox.Bench.Peer;

/// <summary>Sessions in Redis under the SHA-256 of their token, JSON, expiring a day after their end.</summary>
public sealed class LinkSessionStore(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan EntryExpiry = TimeSpan.FromHours(24) + TimeSpan.FromSeconds(600);

    public async Task<bool> CreateAsync(string token, LinkSession session) =>
        await redis.GetDatabase().StringSetAsync(Key(token), JsonSerializer.SerializeToUtf8Bytes(session, PeerJsonContext.Default.LinkSession), EntryExpiry, When.NotExists);

    public async Task<LinkSession?> GetAsync(string token)
    {
        var value = await redis.GetDatabase().StringGetLeaseAsync(Key(token));
        using (value)
        {
            return value is null ? null : JsonSerializer.Deserialize(value.Span, PeerJsonContext.Default.LinkSession);
        }
    }

    private static RedisKey Key(string token)
    {
        Span<byte> raw = stackalloc byte[24];
        Base64Url.DecodeFromChars(token, raw);
        return "peer:session:" + Base64Url.EncodeToString(SHA256.HashData(raw));
    }
}
