using Nox.LinkSessions;

namespace Nox.Webhooks;

/// <summary>
/// A session in an index the sweepers read: its grain key (a fixed-length hash of its token, never the token)
/// followed by its supplier, so a sweeper can skip suppliers without endpoints before reading any state.
/// </summary>
public readonly record struct SessionIndexEntry(string GrainKey, string Supplier)
{
    /// <summary>A grain key is the base64url of a SHA-256: 43 characters.</summary>
    private const int GrainKeyLength = 43;

    public string Member => GrainKey + Supplier;

    public int Shard => WebhookPartitions.SweeperShardOf(GrainKey);

    public static bool TryParse(string member, out SessionIndexEntry entry)
    {
        entry = member.Length > GrainKeyLength ? new(member[..GrainKeyLength], member[GrainKeyLength..]) : default;
        return member.Length > GrainKeyLength;
    }

    /// <summary>The bucket of expiry times <paramref name="expiresAt"/> (Unix seconds) falls in.</summary>
    public static long ExpiryBucketOf(long expiresAt) => expiresAt / ExpiryBucketSeconds;

    /// <summary>The first second after bucket <paramref name="bucket"/>.</summary>
    public static long ExpiryBucketEnd(long bucket) => (bucket + 1) * ExpiryBucketSeconds;

    /// <summary>Width of an expiry bucket: one index key per shard per 10 s of creations.</summary>
    public const long ExpiryBucketSeconds = 10;

    /// <summary>Index keys outlive a sweep that never came (a cluster down for a day) but not forever.</summary>
    public static readonly TimeSpan IndexExpiry = LinkSessionLifetime.Duration + TimeSpan.FromDays(2);
}
