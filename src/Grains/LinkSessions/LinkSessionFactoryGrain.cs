using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nox.Idempotency;
using Orleans.Concurrency;
using Nox.Webhooks;
using Orleans.Storage;

namespace Nox.LinkSessions;

/// <summary>
/// Writes the first state of new sessions into the storage entries their <see cref="LinkSessionGrain"/>s
/// will read. A token that was just minted cannot have state or an activation yet, so reading
/// storage and activating the session grain at creation would be pure cost. The writes carry no
/// ETag, so one fails rather than overwrite should a key ever repeat. The writes of a batch go to
/// storage together (the Redis client pipelines them), and each creation succeeds or fails with its
/// own write: a batch carries many suppliers' requests, and one failed write is no reason to fail
/// the others, which are stored. A creation under an <c>Idempotency-Key</c> also stores its
/// <see cref="IdempotencyRecord"/> in the same pipeline, and succeeds only when both writes do. The token is
/// stored sealed (<see cref="LinkTokenSeal"/>), never in plain text.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class LinkSessionFactoryGrain(
    [FromKeyedServices(GrainStorageNames.Sessions)] IGrainStorage storage,
    [FromKeyedServices(GrainStorageNames.Idempotency)] IGrainStorage idempotencyStorage,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    IWebhookStore webhooks,
    LinkTokenSeal tokens,
    IOptions<LinkSessionOptions> options,
    LinkSessionMetrics metrics) : Grain, ILinkSessionFactoryGrain
{
    public async Task<ImmutableArray<LinkSessionCreationResult>> CreateAsync(ImmutableArray<LinkSessionCreation> creations)
    {
        if (creations.IsEmpty)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var createdAt = now.ToUnixTimeSeconds();
        var lifetime = options.Value.LifetimeSeconds;
        var sessions = new LinkSession[creations.Length];
        var writes = new Task[creations.Length];
        var indexed = new string[creations.Length];
        IdempotencyRecordWriting?[]? records = null;
        for (var i = 0; i < creations.Length; i++)
        {
            var token = creations[i].Token;
            var state = LinkSessionState.Open(creations[i].Session, createdAt, lifetime, token is null ? null : tokens.Seal(token));
            writes[i] = WriteAsync(GrainFactory.IdOf<ILinkSessionGrain>(creations[i].GrainKey), state);
            sessions[i] = state.ToLinkSession(now);
            indexed[i] = new SessionIndexEntry(creations[i].GrainKey, state.Supplier).Member;

            // Idempotency-Key: the record goes out in the same pipeline as its session; the creation needs both.
            if (creations[i].Idempotency is { } idempotency)
            {
                var record = IdempotencyRecordWriting.Start(idempotencyStorage, GrainFactory, idempotency, creations[i].GrainKey, sessions[i]);
                (records ??= new IdempotencyRecordWriting?[creations.Length])[i] = record;
                writes[i] = Task.WhenAll(writes[i], record.Task);
            }
        }

        // One more command per batch, in the same pipeline as the writes: the index of expiry times from which the
        // sweepers emit link_session.expired for sessions nobody touches again (no activation, no reminder each).
        var index = IndexAsync(creations[0].GrainKey, createdAt + lifetime, indexed);
        await Task.WhenAll(writes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        await index.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        var results = ImmutableArray.CreateBuilder<LinkSessionCreationResult>(creations.Length);
        for (var i = 0; i < creations.Length; i++)
        {
            // A session missing from the index would never get its expiry event: its creation fails with the index.
            var failed = !writes[i].IsCompletedSuccessfully ? writes[i] : !index.IsCompletedSuccessfully ? index : null;
            var result = failed is null
                ? LinkSessionCreationResult.Created(sessions[i])
                : LinkSessionCreationResult.Failed(failed.Exception?.InnerException ?? new TaskCanceledException(failed));
            results.Add(records?[i] is { } record ? result with { IdempotencyETag = record.StoredETag } : result);
        }

        CountCreated(creations, results);
        return results.MoveToImmutable();
    }

    /// <summary>A batch's sessions share one expiry bucket; the shard, from its first session, spreads batches over the sweepers.</summary>
    private async Task IndexAsync(string firstGrainKey, long expiresAt, string[] members) =>
        await webhooks.AddToExpiryIndexAsync(
            SessionIndexEntry.ExpiryBucketOf(expiresAt),
            WebhookPartitions.SweeperShardOf(firstGrainKey),
            members);

    /// <summary>A write that throws before it returns a task fails its own creation like any other.</summary>
    private async Task WriteAsync(GrainId grainId, LinkSessionState state) =>
        await storage.WriteStateAsync(LinkSessionGrain.StateName, grainId, new GrainState<LinkSessionState>(state));

    /// <summary>
    /// One counter update per run of the same supplier among the stored sessions: a batch is mostly
    /// one supplier's burst.
    /// </summary>
    private void CountCreated(ImmutableArray<LinkSessionCreation> creations, ImmutableArray<LinkSessionCreationResult>.Builder results)
    {
        string? supplier = null;
        var count = 0;
        for (var i = 0; i < creations.Length; i++)
        {
            if (results[i].Session is null)
            {
                continue;
            }

            var next = creations[i].Session.Supplier;
            if (next != supplier)
            {
                Count(supplier, count);
                (supplier, count) = (next, 0);
            }

            count++;
        }

        Count(supplier, count);
    }

    private void Count(string? supplier, int count)
    {
        if (supplier is not null && count > 0)
        {
            metrics.SessionsCreated(supplier, count);
        }
    }
}
