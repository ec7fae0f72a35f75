using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>
/// <see cref="IWebhookStore"/> in this process's memory, for the embedded default (one silo, in-memory grain
/// storage): it lives and dies with the silo, as that default's sessions do. Never for several silos.
/// </summary>
public sealed class InMemoryWebhookStore : IWebhookStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(long, int), HashSet<string>> expiry = [];
    private readonly Dictionary<int, Dictionary<string, long>> changed = [];
    private readonly Dictionary<string, SupplierLog> logs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Dictionary<string, long>> queues = [];

    public Task AddToExpiryIndexAsync(long bucket, int shard, IReadOnlyCollection<string> members)
    {
        lock (gate)
        {
            if (!expiry.TryGetValue((bucket, shard), out var set))
            {
                expiry[(bucket, shard)] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(members);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadExpiryBucketAsync(long bucket, int shard)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(expiry.TryGetValue((bucket, shard), out var set) ? [.. set] : []);
        }
    }

    public Task DeleteExpiryBucketAsync(long bucket, int shard)
    {
        lock (gate)
        {
            expiry.Remove((bucket, shard));
        }

        return Task.CompletedTask;
    }

    public Task MarkChangedAsync(int shard, string member, long at)
    {
        lock (gate)
        {
            Sorted(changed, shard)[member] = at;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ReadChangedAsync(int shard, long upTo, int limit)
    {
        lock (gate)
        {
            return Task.FromResult(Due(Sorted(changed, shard), upTo, limit));
        }
    }

    public Task RemoveChangedAsync(int shard, IReadOnlyList<string> members, long upTo)
    {
        lock (gate)
        {
            var marks = Sorted(changed, shard);
            foreach (var member in members)
            {
                if (marks.TryGetValue(member, out var at) && at <= upTo)
                {
                    marks.Remove(member);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> AppendAsync(WebhookEvent webhookEvent, IReadOnlyList<string> endpointIds, long now)
    {
        lock (gate)
        {
            var log = Log(webhookEvent.Supplier);
            log.Trim(now - (long)WebhookEventLogLimits.Retention.TotalMilliseconds);
            if (log.Events.TryGetValue(webhookEvent.Id, out var existing))
            {
                return Task.FromResult<IReadOnlyList<string>>(
                    [.. existing.Deliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending).Select(d => d.EndpointId)]);
            }

            log.Events[webhookEvent.Id] = new StoredWebhookEvent(webhookEvent, [.. endpointIds.Select(id => new WebhookDelivery(id, WebhookDeliveryStatus.Pending, 0, null))]);
            return Task.FromResult<IReadOnlyList<string>>([.. endpointIds]);
        }
    }

    public Task<StoredWebhookEvent?> GetAsync(string supplier, string eventId)
    {
        lock (gate)
        {
            return Task.FromResult(logs.TryGetValue(supplier, out var log) ? log.Events.GetValueOrDefault(eventId) : null);
        }
    }

    public Task<WebhookLogPage> ListAsync(string supplier, int limit, string? startingAfter, long now)
    {
        lock (gate)
        {
            var log = Log(supplier);
            log.Trim(now - (long)WebhookEventLogLimits.Retention.TotalMilliseconds);
            var newestFirst = log.Events.Values
                .OrderByDescending(e => e.Event.CreatedAtMilliseconds)
                .ThenByDescending(e => e.Event.Id, StringComparer.Ordinal)
                .ToList();
            var start = 0;
            if (startingAfter is not null)
            {
                start = newestFirst.FindIndex(e => string.Equals(e.Event.Id, startingAfter, StringComparison.Ordinal)) + 1;
                if (start == 0)
                {
                    return Task.FromResult(new WebhookLogPage([], false, CursorFound: false));
                }
            }

            var page = newestFirst.Skip(start).Take(limit).ToList();
            return Task.FromResult(new WebhookLogPage(page, start + page.Count < newestFirst.Count, CursorFound: true));
        }
    }

    public Task<bool> TryRecordOutcomeAsync(string supplier, string eventId, WebhookDelivery delivery)
    {
        lock (gate)
        {
            var log = Log(supplier);
            if (!log.Events.TryGetValue(eventId, out var stored) || stored.DeliveryTo(delivery.EndpointId)?.Round != delivery.Round)
            {
                return Task.FromResult(false);
            }

            log.Events[eventId] = stored.With(delivery);
            return Task.FromResult(true);
        }
    }

    public Task StartRoundAsync(string supplier, string eventId, IReadOnlyList<string> endpointIds)
    {
        lock (gate)
        {
            var log = Log(supplier);
            if (log.Events.TryGetValue(eventId, out var stored))
            {
                foreach (var endpointId in endpointIds)
                {
                    var current = stored.DeliveryTo(endpointId);
                    stored = stored.With(new WebhookDelivery(endpointId, WebhookDeliveryStatus.Pending, 0, current?.LastStatusCode, (current?.Round ?? 0) + 1));
                }

                log.Events[eventId] = stored;
            }
        }

        return Task.CompletedTask;
    }

    public Task ScheduleAsync(int partition, string member, long due, bool onlyIfAbsent)
    {
        lock (gate)
        {
            var queue = Sorted(queues, partition);
            if (!onlyIfAbsent || !queue.ContainsKey(member))
            {
                queue[member] = due;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> DueAsync(int partition, long now, int limit)
    {
        lock (gate)
        {
            return Task.FromResult(Due(Sorted(queues, partition), now, limit));
        }
    }

    public Task RemoveAsync(int partition, string member)
    {
        lock (gate)
        {
            Sorted(queues, partition).Remove(member);
        }

        return Task.CompletedTask;
    }

    public Task<bool> EndLeaseAsync(int partition, string member, long lease, long? nextDue)
    {
        lock (gate)
        {
            var queue = Sorted(queues, partition);
            if (!queue.TryGetValue(member, out var due) || due != lease)
            {
                return Task.FromResult(false);
            }

            if (nextDue is { } next)
            {
                queue[member] = next;
            }
            else
            {
                queue.Remove(member);
            }

            return Task.FromResult(true);
        }
    }

    public Task<long> CountAsync(int partition)
    {
        lock (gate)
        {
            return Task.FromResult((long)Sorted(queues, partition).Count);
        }
    }

    private static Dictionary<string, long> Sorted(Dictionary<int, Dictionary<string, long>> sets, int key)
    {
        if (!sets.TryGetValue(key, out var set))
        {
            sets[key] = set = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        return set;
    }

    private static IReadOnlyList<string> Due(Dictionary<string, long> set, long upTo, int limit) =>
        [.. set.Where(e => e.Value <= upTo).OrderBy(e => e.Value).Take(limit).Select(e => e.Key)];

    private SupplierLog Log(string supplier)
    {
        if (!logs.TryGetValue(supplier, out var log))
        {
            logs[supplier] = log = new SupplierLog();
        }

        return log;
    }

    private sealed class SupplierLog
    {
        public Dictionary<string, StoredWebhookEvent> Events { get; } = new(StringComparer.Ordinal);

        public void Trim(long cutoff)
        {
            foreach (var id in Events.Where(e => e.Value.Event.CreatedAtMilliseconds < cutoff).Select(e => e.Key).ToList())
            {
                Events.Remove(id);
            }
        }
    }
}
