using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using Nox.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Nox.Webhooks;

/// <summary>
/// <see cref="IWebhookStore"/> on the process's shared Redis connection. Keys, under <c>{ServiceId}/webhooks/</c>:
/// <list type="bullet">
/// <item><c>expiring/{bucket}/{shard}</c>, a list of sessions whose expiry falls in the bucket (earlier versions kept
/// a set, <c>expiry/{bucket}/{shard}</c>, which is read and deleted with it);</item>
/// <item><c>changed/{shard}</c>, a sorted set of sessions by the time of their last change;</item>
/// <item><c>{s:supplier}/events</c>, a sorted set of the supplier's event ids by time, and
/// <c>{s:supplier}/event/{id}</c>, a hash of the event (its body as stored: sealed, see <see cref="WebhookBodySeal"/>)
/// and one field per delivery, <c>{status}|{attempts}|{last status code}|{round}</c>: the <c>{…}</c> hash tag keeps a
/// supplier's log in one slot, so a script can record an event and index it atomically on Redis Cluster too;</item>
/// <item><c>deliveries/{partition}</c>, a sorted set of queued deliveries by due time.</item>
/// </list>
/// </summary>
public sealed class RedisWebhookStore(RedisConnection connection, IOptions<ClusterOptions> cluster) : IWebhookStore
{
    private const string BodyField = "body";
    private const string TypeField = "type";
    private const string TraceField = "trace";
    private const string CreatedField = "created";
    private const string DeliveryFieldPrefix = "d:";

    private static readonly long RetentionSeconds = (long)WebhookEventLogLimits.Retention.TotalSeconds;

    /// <summary>
    /// Appends members to a list, which it gives an expiry when it creates it: one command per index write. A list,
    /// not a set: a session is added once (its creation), and Redis appends to a list for a third of what adding to
    /// a large set and setting its expiry again costs (docs/performance.md, round 6).
    /// </summary>
    private const string AddWithExpiry = "if redis.call('RPUSH', KEYS[1], unpack(ARGV, 2)) == #ARGV - 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return 1";

    /// <summary>Removes the members whose score is not above ARGV[1].</summary>
    private const string RemoveIfNotNewer = """
        local removed = 0
        for i = 2, #ARGV do
          local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if score and tonumber(score) <= tonumber(ARGV[1]) then
            removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
          end
        end
        return removed
        """;

    /// <summary>
    /// Records an event once: KEYS = event hash, log; ARGV = id, time (ms), ttl (s), retention cutoff (ms), body,
    /// type, trace, endpoint ids…. Answers the endpoints whose delivery is pending.
    /// </summary>
    private const string Append = """
        local pending = {}
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local fields = redis.call('HGETALL', KEYS[1])
          for i = 1, #fields, 2 do
            if string.sub(fields[i], 1, 2) == 'd:' and string.sub(fields[i + 1], 1, 8) == 'pending|' then
              pending[#pending + 1] = string.sub(fields[i], 3)
            end
          end
          return pending
        end
        redis.call('HSET', KEYS[1], 'body', ARGV[5], 'type', ARGV[6], 'trace', ARGV[7], 'created', ARGV[2])
        for i = 8, #ARGV do
          redis.call('HSET', KEYS[1], 'd:' .. ARGV[i], 'pending|0||0')
          pending[#pending + 1] = ARGV[i]
        end
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        return pending
        """;

    /// <summary>The parts of a delivery field's value (one written before rounds existed has three: round 0).</summary>
    private const string DeliveryParts = """
        local function parts(value)
          local result = {}
          for part in string.gmatch(value .. '|', '([^|]*)|') do result[#result + 1] = part end
          return result
        end

        """;

    /// <summary>Compare-and-set of an outcome on its round: KEYS = event hash; ARGV = field, round, value. 1 when stored.</summary>
    private const string RecordOutcome = DeliveryParts + """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if not current or (tonumber(parts(current)[4]) or 0) ~= tonumber(ARGV[2]) then
          return 0
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
        """;

    /// <summary>A new round for each endpoint: KEYS = event hash; ARGV = endpoint ids. Nothing once the event has expired.</summary>
    private const string StartRound = DeliveryParts + """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          return 0
        end
        for i = 1, #ARGV do
          local field = 'd:' .. ARGV[i]
          local current = redis.call('HGET', KEYS[1], field)
          local code, round = '', 0
          if current then
            local p = parts(current)
            code, round = p[3] or '', tonumber(p[4]) or 0
          end
          redis.call('HSET', KEYS[1], field, 'pending|0|' .. code .. '|' .. (round + 1))
        end
        return 1
        """;

    /// <summary>Ends a lease: KEYS = queue; ARGV = member, lease, next due time or ''. 1 when the member still had the lease.</summary>
    private const string EndLease = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) ~= tonumber(ARGV[2]) then
          return 0
        end
        if ARGV[3] == '' then
          redis.call('ZREM', KEYS[1], ARGV[1])
        else
          redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        end
        return 1
        """;

    private readonly string prefix = KeyPrefixOf(cluster.Value.ServiceId);

    public Task AddToExpiryIndexAsync(long bucket, int shard, IReadOnlyCollection<string> members) => RunAsync(async db =>
    {
        var values = new RedisValue[members.Count + 1];
        values[0] = (long)SessionIndexEntry.IndexExpiry.TotalSeconds;
        var i = 1;
        foreach (var member in members)
        {
            values[i++] = member;
        }

        await db.ScriptEvaluateAsync(AddWithExpiry, [ExpiryKey(bucket, shard)], values);
    });

    /// <summary>The bucket's sessions, each once (an index write retried after a lost answer appends its members again).</summary>
    public Task<IReadOnlyList<string>> ReadExpiryBucketAsync(long bucket, int shard) => RunAsync<IReadOnlyList<string>>(async db =>
    {
        var listed = db.ListRangeAsync(ExpiryKey(bucket, shard));
        var earlier = db.SetMembersAsync(EarlierExpiryKey(bucket, shard));
        return [.. (await listed).Concat(await earlier).Select(v => v.ToString()).Distinct()];
    });

    // Two commands, not one DEL of both keys: on Redis Cluster they are in different slots.
    public Task DeleteExpiryBucketAsync(long bucket, int shard) => RunAsync(db =>
        Task.WhenAll(db.KeyDeleteAsync(ExpiryKey(bucket, shard)), db.KeyDeleteAsync(EarlierExpiryKey(bucket, shard))));

    public Task MarkChangedAsync(int shard, string member, long at) => RunAsync(db => db.SortedSetAddAsync(ChangedKey(shard), member, at));

    public Task<IReadOnlyList<string>> ReadChangedAsync(int shard, long upTo, int limit) => RunAsync<IReadOnlyList<string>>(async db =>
        [.. (await db.SortedSetRangeByScoreAsync(ChangedKey(shard), double.NegativeInfinity, upTo, take: limit)).Select(v => v.ToString())]);

    public Task RemoveChangedAsync(int shard, IReadOnlyList<string> members, long upTo) => members.Count == 0 ? Task.CompletedTask : RunAsync(async db =>
    {
        RedisValue[] values = [upTo, .. members.Select(m => (RedisValue)m)];
        await db.ScriptEvaluateAsync(RemoveIfNotNewer, [ChangedKey(shard)], values);
    });

    public Task<IReadOnlyList<string>> AppendAsync(WebhookEvent webhookEvent, IReadOnlyList<string> endpointIds, long now) => RunAsync<IReadOnlyList<string>>(async db =>
    {
        RedisValue[] values =
        [
            webhookEvent.Id,
            webhookEvent.CreatedAtMilliseconds,
            RetentionSeconds,
            now - RetentionSeconds * 1000,
            webhookEvent.Body,
            (int)webhookEvent.Type,
            webhookEvent.TraceParent ?? string.Empty,
            .. endpointIds.Select(id => (RedisValue)id),
        ];
        var pending = (RedisResult[]?)await db.ScriptEvaluateAsync(Append, [EventKey(webhookEvent.Supplier, webhookEvent.Id), LogKey(webhookEvent.Supplier)], values);
        return [.. (pending ?? []).Select(p => p.ToString())];
    });

    public Task<StoredWebhookEvent?> GetAsync(string supplier, string eventId) =>
        RunAsync(async db => Parse(supplier, eventId, await db.HashGetAllAsync(EventKey(supplier, eventId))));

    public Task<WebhookLogPage> ListAsync(string supplier, int limit, string? startingAfter, long now) => RunAsync(async db =>
    {
        long start = 0;
        if (startingAfter is not null)
        {
            // The cursor's rank now: events recorded since only come before it, so the page after it is stable.
            if (await db.SortedSetRankAsync(LogKey(supplier), startingAfter, Order.Descending) is not { } rank)
            {
                return new WebhookLogPage([], false, CursorFound: false);
            }

            start = rank + 1;
        }

        var ids = await db.SortedSetRangeByRankWithScoresAsync(LogKey(supplier), start, start + limit, Order.Descending);
        var cutoff = now - RetentionSeconds * 1000;
        var live = ids.Where(e => e.Score >= cutoff).ToArray();
        var reads = live.Take(limit).Select(e => db.HashGetAllAsync(EventKey(supplier, e.Element.ToString()))).ToArray();
        var entries = await Task.WhenAll(reads);
        var events = new List<StoredWebhookEvent>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            if (Parse(supplier, live[i].Element.ToString(), entries[i]) is { } stored)
            {
                events.Add(stored);
            }
        }

        return new WebhookLogPage(events, live.Length > limit, CursorFound: true);
    });

    public Task<bool> TryRecordOutcomeAsync(string supplier, string eventId, WebhookDelivery delivery) => RunAsync(async db =>
        (int)await db.ScriptEvaluateAsync(
            RecordOutcome,
            [EventKey(supplier, eventId)],
            [DeliveryFieldPrefix + delivery.EndpointId, delivery.Round, FormatDelivery(delivery)]) == 1);

    public Task StartRoundAsync(string supplier, string eventId, IReadOnlyList<string> endpointIds) => endpointIds.Count == 0 ? Task.CompletedTask : RunAsync(db =>
        db.ScriptEvaluateAsync(StartRound, [EventKey(supplier, eventId)], [.. endpointIds.Select(id => (RedisValue)id)]));

    public Task ScheduleAsync(int partition, string member, long due, bool onlyIfAbsent) =>
        RunAsync(db => db.SortedSetAddAsync(QueueKey(partition), member, due, onlyIfAbsent ? SortedSetWhen.NotExists : SortedSetWhen.Always));

    public Task<IReadOnlyList<string>> DueAsync(int partition, long now, int limit) => RunAsync<IReadOnlyList<string>>(async db =>
        [.. (await db.SortedSetRangeByScoreAsync(QueueKey(partition), double.NegativeInfinity, now, take: limit)).Select(v => v.ToString())]);

    public Task RemoveAsync(int partition, string member) => RunAsync(db => db.SortedSetRemoveAsync(QueueKey(partition), member));

    public Task<bool> EndLeaseAsync(int partition, string member, long lease, long? nextDue) => RunAsync(async db =>
        (int)await db.ScriptEvaluateAsync(
            EndLease,
            [QueueKey(partition)],
            [member, lease, nextDue is { } due ? due : RedisValue.EmptyString]) == 1);

    public Task<long> CountAsync(int partition) => RunAsync(db => db.SortedSetLengthAsync(QueueKey(partition)));

    private static StoredWebhookEvent? Parse(string supplier, string id, HashEntry[] fields)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        string? body = null, trace = null;
        var type = WebhookEventType.WebhookTest;
        long created = 0;
        var deliveries = ImmutableArray.CreateBuilder<WebhookDelivery>();
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            switch (name)
            {
                case BodyField: body = field.Value.ToString(); break;
                case TypeField: type = (WebhookEventType)(int)field.Value; break;
                case TraceField: trace = field.Value.IsNullOrEmpty ? null : field.Value.ToString(); break;
                case CreatedField: created = (long)field.Value; break;
                default:
                    if (name.StartsWith(DeliveryFieldPrefix, StringComparison.Ordinal) && ParseDelivery(name[DeliveryFieldPrefix.Length..], field.Value.ToString()) is { } delivery)
                    {
                        deliveries.Add(delivery);
                    }

                    break;
            }
        }

        // A hash written only by a delivery update after its event expired has no body: no event.
        return body is null ? null : new StoredWebhookEvent(new WebhookEvent(id, type, supplier, created, body, trace), deliveries.ToImmutable());
    }

    /// <summary><c>{status}|{attempts}|{last status code}|{round}</c>, the status as its wire name.</summary>
    private static string FormatDelivery(WebhookDelivery delivery) => string.Create(
        CultureInfo.InvariantCulture,
        $"{StatusName(delivery.Status)}|{delivery.Attempts}|{delivery.LastStatusCode}|{delivery.Round}");

    private static WebhookDelivery? ParseDelivery(string endpointId, string value)
    {
        // Three parts were written before delivery rounds existed: round 0.
        var parts = value.Split('|');
        if (parts.Length is not (3 or 4))
        {
            return null;
        }

        var status = parts[0] switch
        {
            "delivered" => WebhookDeliveryStatus.Delivered,
            "failed" => WebhookDeliveryStatus.Failed,
            _ => WebhookDeliveryStatus.Pending,
        };
        return new WebhookDelivery(
            endpointId,
            status,
            int.TryParse(parts[1], CultureInfo.InvariantCulture, out var attempts) ? attempts : 0,
            int.TryParse(parts[2], CultureInfo.InvariantCulture, out var code) ? code : null,
            parts.Length == 4 && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var round) ? round : 0);
    }

    private static string StatusName(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Delivered => "delivered",
        WebhookDeliveryStatus.Failed => "failed",
        _ => "pending",
    };

    /// <summary>What every key of the service's webhooks starts with.</summary>
    public static string KeyPrefixOf(string serviceId) => $"{serviceId}/webhooks/";

    /// <summary>The list of sessions whose expiry falls in <paramref name="bucket"/>, read by the sweeper of <paramref name="shard"/>.</summary>
    public static RedisKey ExpiryKeyOf(string keyPrefix, long bucket, int shard) => string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}expiring/{bucket}/{shard}");

    /// <summary>
    /// The same index as earlier versions kept it, a set: read until its buckets are swept, so the sessions they created
    /// before an upgrade still get their expiry events. Never written: adding to a key of another type fails.
    /// </summary>
    public static RedisKey EarlierExpiryKeyOf(string keyPrefix, long bucket, int shard) => string.Create(CultureInfo.InvariantCulture, $"{keyPrefix}expiry/{bucket}/{shard}");

    private RedisKey ExpiryKey(long bucket, int shard) => ExpiryKeyOf(prefix, bucket, shard);

    private RedisKey EarlierExpiryKey(long bucket, int shard) => EarlierExpiryKeyOf(prefix, bucket, shard);

    private RedisKey ChangedKey(int shard) => string.Create(CultureInfo.InvariantCulture, $"{prefix}changed/{shard}");

    private RedisKey QueueKey(int partition) => string.Create(CultureInfo.InvariantCulture, $"{prefix}deliveries/{partition}");

    private RedisKey LogKey(string supplier) => $"{prefix}{{s:{supplier}}}/events";

    private RedisKey EventKey(string supplier, string id) => $"{prefix}{{s:{supplier}}}/event/{id}";

    private async Task RunAsync(Func<IDatabase, Task> operation) =>
        await RunAsync<bool>(async db =>
        {
            await operation(db);
            return true;
        });

    /// <summary>Redis failures become the storage exceptions every caller knows (503 when a retry may cure them, else 500).</summary>
    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation((await connection.GetAsync()).GetDatabase());
        }
        catch (Exception exception) when (exception is not StorageUnavailableException and not StorageFailedException)
        {
            var cause = StorageFailureCause.Of(exception);
            throw cause.IsUnavailable
                ? new StorageUnavailableException($"Webhook storage is unavailable ({cause.TypeName}).")
                : new StorageFailedException($"Webhook storage failed ({cause.TypeName}: {cause.Message}).");
        }
    }
}
