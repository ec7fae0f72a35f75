using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nox.Idempotency;
using Orleans.Concurrency;
using Nox.Webhooks;
using Orleans.Storage;

namespace Nox.LinkSessions;

/// <summary>
/// Stores the first state of new sessions (<see cref="ILinkSessionCreationStorage"/>, which also enters each in the
/// expiry index of webhooks) where their <see cref="LinkSessionGrain"/>s will read it. A token that was just minted
/// cannot have state or an activation yet, so reading storage and activating the session grain at creation would be
/// pure cost. The writes of a batch go to storage together (the Redis client pipelines them), and each creation
/// succeeds or fails with its own write: a batch carries many suppliers' requests, and one failed write is no reason
/// to fail the others, which are stored. A creation under an <c>Idempotency-Key</c> also stores its
/// <see cref="IdempotencyRecord"/> in the same pipeline, and succeeds only when both writes do. The token is stored
/// sealed (<see cref="LinkTokenSeal"/>), never in plain text.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class LinkSessionFactoryGrain(
    ILinkSessionCreationStorage storage,
    [FromKeyedServices(GrainStorageNames.Idempotency)] IGrainStorage idempotencyStorage,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
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
        var states = new LinkSessionCreationWrite[creations.Length];
        for (var i = 0; i < creations.Length; i++)
        {
            var token = creations[i].Token;
            var state = LinkSessionState.Open(creations[i].Session, createdAt, lifetime, token is null ? null : tokens.Seal(token));
            states[i] = new(GrainFactory.IdOf<ILinkSessionGrain>(creations[i].GrainKey), state, new SessionIndexEntry(creations[i].GrainKey, state.Supplier).Member);
            sessions[i] = state.ToLinkSession(now);
        }

        // The batch's sessions share one expiry bucket, in the index of the sweeper its first session's shard names.
        var writes = storage.Store(states, SessionIndexEntry.ExpiryBucketOf(createdAt + lifetime), WebhookPartitions.SweeperShardOf(creations[0].GrainKey));

        // Idempotency-Key: the record goes out in the same pipeline as its session; the creation needs both.
        IdempotencyRecordWriting?[]? records = null;
        for (var i = 0; i < creations.Length; i++)
        {
            if (creations[i].Idempotency is { } idempotency)
            {
                var record = IdempotencyRecordWriting.Start(idempotencyStorage, GrainFactory, idempotency, creations[i].GrainKey, sessions[i]);
                (records ??= new IdempotencyRecordWriting?[creations.Length])[i] = record;
                writes[i] = Task.WhenAll(writes[i], record.Task);
            }
        }

        await Task.WhenAll(writes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

        var results = ImmutableArray.CreateBuilder<LinkSessionCreationResult>(creations.Length);
        for (var i = 0; i < creations.Length; i++)
        {
            var result = writes[i].IsCompletedSuccessfully
                ? LinkSessionCreationResult.Created(sessions[i])
                : LinkSessionCreationResult.Failed(writes[i].Exception?.InnerException ?? new TaskCanceledException(writes[i]));
            results.Add(records?[i] is { } record ? result with { IdempotencyETag = record.StoredETag } : result);
        }

        CountCreated(creations, results);
        return results.MoveToImmutable();
    }

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
