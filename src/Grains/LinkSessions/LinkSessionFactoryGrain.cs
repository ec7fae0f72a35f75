using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Nox.LinkSessions;

/// <summary>
/// Writes the first state of new sessions into the storage entries their <see cref="LinkSessionGrain"/>s
/// will read. A token that was just minted cannot have state or an activation yet, so reading
/// storage and activating the session grain at creation would be pure cost. The writes carry no
/// ETag, so one fails rather than overwrite should a key ever repeat. The writes of a batch go to
/// storage together (the Redis client pipelines them); the batch fails if any write fails.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class LinkSessionFactoryGrain(
    [FromKeyedServices(GrainStorageNames.Sessions)] IGrainStorage storage,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    LinkSessionMetrics metrics) : Grain, ILinkSessionFactoryGrain
{
    public async Task<ImmutableArray<LinkSession>> CreateAsync(ImmutableArray<LinkSessionCreation> creations)
    {
        var now = clock.GetUtcNow();
        var createdAt = now.ToUnixTimeSeconds();
        var sessions = ImmutableArray.CreateBuilder<LinkSession>(creations.Length);
        var writes = new Task[creations.Length];
        for (var i = 0; i < creations.Length; i++)
        {
            var state = LinkSessionState.Open(creations[i].Session, createdAt);
            var grainId = GrainFactory.IdOf<ILinkSessionGrain>(creations[i].GrainKey);
            writes[i] = storage.WriteStateAsync(LinkSessionGrain.StateName, grainId, new GrainState<LinkSessionState>(state));
            sessions.Add(state.ToLinkSession(now));
        }

        await Task.WhenAll(writes);
        CountCreated(creations);

        return sessions.MoveToImmutable();
    }

    /// <summary>One counter update per run of the same supplier: a batch is mostly one supplier's burst.</summary>
    private void CountCreated(ImmutableArray<LinkSessionCreation> creations)
    {
        var start = 0;
        for (var i = 1; i <= creations.Length; i++)
        {
            if (i == creations.Length || creations[i].Session.Supplier != creations[start].Session.Supplier)
            {
                metrics.SessionsCreated(creations[start].Session.Supplier, i - start);
                start = i;
            }
        }
    }
}
