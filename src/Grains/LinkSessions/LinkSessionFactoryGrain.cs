using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Nox.Idempotency;
using Orleans.Concurrency;
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
/// <see cref="IdempotencyRecord"/> in the same pipeline, and succeeds only when both writes do.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class LinkSessionFactoryGrain(
    [FromKeyedServices(GrainStorageNames.Sessions)] IGrainStorage storage,
    [FromKeyedServices(GrainStorageNames.Idempotency)] IGrainStorage idempotencyStorage,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    LinkSessionMetrics metrics) : Grain, ILinkSessionFactoryGrain
{
    public async Task<ImmutableArray<LinkSessionCreationResult>> CreateAsync(ImmutableArray<LinkSessionCreation> creations)
    {
        var now = clock.GetUtcNow();
        var createdAt = now.ToUnixTimeSeconds();
        var sessions = new LinkSession[creations.Length];
        var writes = new Task[creations.Length];
        IdempotencyRecordWriting?[]? records = null;
        for (var i = 0; i < creations.Length; i++)
        {
            var state = LinkSessionState.Open(creations[i].Session, createdAt);
            writes[i] = WriteAsync(GrainFactory.IdOf<ILinkSessionGrain>(creations[i].GrainKey), state);
            sessions[i] = state.ToLinkSession(now);

            // Idempotency-Key: the record goes out in the same pipeline as its session; the creation needs both.
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

        CountCreated(creations, writes);
        return results.MoveToImmutable();
    }

    /// <summary>A write that throws before it returns a task fails its own creation like any other.</summary>
    private async Task WriteAsync(GrainId grainId, LinkSessionState state) =>
        await storage.WriteStateAsync(LinkSessionGrain.StateName, grainId, new GrainState<LinkSessionState>(state));

    /// <summary>
    /// One counter update per run of the same supplier among the stored sessions: a batch is mostly
    /// one supplier's burst.
    /// </summary>
    private void CountCreated(ImmutableArray<LinkSessionCreation> creations, Task[] writes)
    {
        string? supplier = null;
        var count = 0;
        for (var i = 0; i < creations.Length; i++)
        {
            if (!writes[i].IsCompletedSuccessfully)
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
