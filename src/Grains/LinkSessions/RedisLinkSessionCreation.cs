using Microsoft.Extensions.Logging;
using Nox.Hosting;
using Nox.Webhooks;
using Orleans.Storage;
using StackExchange.Redis;

namespace Nox.LinkSessions;

/// <summary>
/// Creation on Redis in one command per session: a script that stores the session's first state, in the hash the
/// sessions' grain storage reads (fields <c>etag</c> and <c>data</c>, the key of <see cref="RedisStateKey"/>, the
/// provider's expiry), and adds the session to its expiry bucket. So the expiry index costs no command, await or
/// hand-off of its own: as a separate command per batch it made a create about a fifth dearer in CPU
/// (docs/performance.md). On Redis Cluster a session's key and its bucket live in different slots, and creation goes
/// through <see cref="GrainStorageLinkSessionCreation"/>.
/// </summary>
public sealed class RedisLinkSessionCreation : ILinkSessionCreationStorage
{
    /// <summary>
    /// KEYS: the state, the expiry bucket. ARGV: the etag, the serialized state, the state's expiry, the index member, the
    /// bucket's expiry. A state that exists already is never overwritten (-1): a new session's key cannot exist. The
    /// bucket is a list given its expiry by the session that creates it, as <see cref="RedisWebhookStore"/> writes it.
    /// </summary>
    private const string Script = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
        redis.call('HSET', KEYS[1], 'etag', ARGV[1], 'data', ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        if redis.call('RPUSH', KEYS[2], ARGV[4]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[5]) end
        return 0
        """;

    private readonly RedisStateKey stateKeys;
    private readonly string webhookKeyPrefix;
    private readonly IGrainStorageSerializer serializer;
    private readonly RedisValue stateExpiry;
    private readonly RedisValue indexExpiry = (long)SessionIndexEntry.IndexExpiry.TotalSeconds;
    private readonly GrainStorageLinkSessionCreation separately;
    private readonly ILogger<RedisLinkSessionCreation> logger;

    /// <summary>The connection, once made.</summary>
    private IConnectionMultiplexer? multiplexer;

    /// <summary>Set once a connected server showed that Redis is not a cluster; until then creation goes <see cref="separately"/>.</summary>
    private IDatabase? single;

    private bool cluster;

    public RedisLinkSessionCreation(
        RedisConnection connection,
        RedisStateKey stateKeys,
        string serviceId,
        IGrainStorageSerializer serializer,
        TimeSpan stateExpiry,
        GrainStorageLinkSessionCreation separately,
        ILogger<RedisLinkSessionCreation> logger)
    {
        this.stateKeys = stateKeys;
        webhookKeyPrefix = RedisWebhookStore.KeyPrefixOf(serviceId);
        this.serializer = serializer;
        this.stateExpiry = (long)stateExpiry.TotalSeconds;
        this.separately = separately;
        this.logger = logger;
        connection.WhenConnected(connected => Volatile.Write(ref multiplexer, connected));
    }

    public Task[] Store(ReadOnlySpan<LinkSessionCreationWrite> sessions, long bucket, int shard)
    {
        if ((Volatile.Read(ref single) ?? SingleRedis()) is not { } db)
        {
            return separately.Store(sessions, bucket, shard);
        }

        var index = RedisWebhookStore.ExpiryKeyOf(webhookKeyPrefix, bucket, shard);
        var writes = new Task[sessions.Length];
        for (var i = 0; i < sessions.Length; i++)
        {
            writes[i] = StoreAsync(db, sessions[i], index);
        }

        return writes;
    }

    /// <summary>
    /// The database once a connected server has told whether Redis is a cluster (servers are of unknown type until
    /// they connect, say when the process started while Redis was away); null on a cluster, or while none is connected.
    /// </summary>
    private IDatabase? SingleRedis()
    {
        if (Volatile.Read(ref cluster) || Volatile.Read(ref multiplexer) is not { } connected)
        {
            return null;
        }

        var servers = connected.GetServers();
        if (!servers.Any(server => server.IsConnected))
        {
            return null;
        }

        if (servers.Any(server => server.ServerType == ServerType.Cluster))
        {
            Volatile.Write(ref cluster, true);
            return null;
        }

        var db = connected.GetDatabase();
        Volatile.Write(ref single, db);
        return db;
    }

    private async Task StoreAsync(IDatabase db, LinkSessionCreationWrite session, RedisKey index)
    {
        RedisResult result;
        try
        {
            result = await db.ScriptEvaluateAsync(
                Script,
                [stateKeys.Of(LinkSessionGrain.StateName, session.GrainId), index],
                [Guid.NewGuid().ToString("N"), serializer.Serialize(session.State).ToMemory(), stateExpiry, session.IndexMember, indexExpiry]);
        }
        catch (Exception exception)
        {
            throw StorageFailureTranslation.Translate(exception, logger, "write", LinkSessionGrain.StateName, session.GrainId);
        }

        if ((long)result != 0)
        {
            throw new InconsistentStateException("The state of a new link session exists already; it was left as it was.");
        }
    }
}
