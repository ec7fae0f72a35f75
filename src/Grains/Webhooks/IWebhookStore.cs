namespace Nox.Webhooks;

/// <summary>
/// Where webhooks keep what is not a grain's own state: the session indexes the sweepers read, the suppliers'
/// event logs and the delivery queues. Redis (<see cref="RedisWebhookStore"/>) when the service has Redis,
/// memory (<see cref="InMemoryWebhookStore"/>) on the embedded default's single silo. Every operation touches
/// one Redis key, or keys of one hash slot, so it works on Redis Cluster. Times are Unix milliseconds of the
/// domain clock. Failures surface as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/>.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Adds sessions to the index of those whose expiry falls in <paramref name="bucket"/>.</summary>
    Task AddToExpiryIndexAsync(long bucket, int shard, IReadOnlyCollection<string> members);

    Task<IReadOnlyList<string>> ReadExpiryBucketAsync(long bucket, int shard);

    Task DeleteExpiryBucketAsync(long bucket, int shard);

    /// <summary>Marks a session as changed at <paramref name="at"/> (a later mark replaces an earlier one).</summary>
    Task MarkChangedAsync(int shard, string member, long at);

    /// <summary>Sessions marked at or before <paramref name="upTo"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> ReadChangedAsync(int shard, long upTo, int limit);

    /// <summary>Removes the marks of <paramref name="members"/> that are not newer than <paramref name="upTo"/>.</summary>
    Task RemoveChangedAsync(int shard, IReadOnlyList<string> members, long upTo);

    /// <summary>
    /// Records the event in its supplier's log with a pending delivery to each of <paramref name="endpointIds"/>,
    /// unless an event with its id is already there; either way answers the endpoints whose delivery is still pending.
    /// </summary>
    Task<IReadOnlyList<string>> AppendAsync(WebhookEvent webhookEvent, IReadOnlyList<string> endpointIds, long now);

    Task<StoredWebhookEvent?> GetAsync(string supplier, string eventId);

    /// <summary>Newest first, after <paramref name="startingAfter"/> when given.</summary>
    Task<WebhookLogPage> ListAsync(string supplier, int limit, string? startingAfter, long now);

    /// <summary>
    /// Stores an attempt's outcome, compare-and-set on the round: only if the delivery to its endpoint is still in
    /// round <see cref="WebhookDelivery.Round"/>. False when a redelivery has started a new round since (that
    /// round's own attempt decides), or when the event is no longer stored.
    /// </summary>
    Task<bool> TryRecordOutcomeAsync(string supplier, string eventId, WebhookDelivery delivery);

    /// <summary>
    /// Starts a new delivery round to each of <paramref name="endpointIds"/> (a redelivery): pending, no attempts,
    /// the last status code kept, the round one higher, so an attempt of an earlier round still under way cannot
    /// store its outcome over it. Nothing for an event no longer stored.
    /// </summary>
    Task StartRoundAsync(string supplier, string eventId, IReadOnlyList<string> endpointIds);

    /// <summary>Puts a delivery in its partition's queue, due at <paramref name="due"/>; with <paramref name="onlyIfAbsent"/>, leaves one already queued as it is.</summary>
    Task ScheduleAsync(int partition, string member, long due, bool onlyIfAbsent);

    /// <summary>Up to <paramref name="limit"/> deliveries due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> DueAsync(int partition, long now, int limit);

    Task RemoveAsync(int partition, string member);

    /// <summary>
    /// Ends an attempt's lease: if the delivery is still queued at <paramref name="lease"/> (the due time the attempt
    /// gave it), removes it (<paramref name="nextDue"/> null) or moves it to <paramref name="nextDue"/>; a delivery
    /// queued again since (a redelivery) is left as it is. False when it was left.
    /// </summary>
    Task<bool> EndLeaseAsync(int partition, string member, long lease, long? nextDue);

    /// <summary>Deliveries queued in the partition, due or not.</summary>
    Task<long> CountAsync(int partition);
}

public sealed record WebhookLogPage(IReadOnlyList<StoredWebhookEvent> Events, bool HasMore, bool CursorFound);
