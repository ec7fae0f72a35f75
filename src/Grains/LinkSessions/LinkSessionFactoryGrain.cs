using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Nox.LinkSessions;

/// <summary>
/// Writes the first state of a new session into the storage entry its <see cref="LinkSessionGrain"/>
/// will read. A token that was just minted cannot have state or an activation yet, so reading
/// storage and activating the session grain at creation would be pure cost. The write carries no
/// ETag, so it fails rather than overwrite should a key ever repeat.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class LinkSessionFactoryGrain(
    [FromKeyedServices(GrainStorageNames.Sessions)] IGrainStorage storage,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    LinkSessionMetrics metrics) : Grain, ILinkSessionFactoryGrain
{
    public async Task<LinkSession> CreateAsync(string grainKey, NewLinkSession session)
    {
        var now = clock.GetUtcNow();
        var state = LinkSessionState.Open(session, now.ToUnixTimeSeconds());
        var grainId = GrainFactory.IdOf<ILinkSessionGrain>(grainKey);
        await storage.WriteStateAsync(LinkSessionGrain.StateName, grainId, new GrainState<LinkSessionState>(state));
        metrics.SessionCreated(session.Supplier);
        return state.ToLinkSession(now);
    }
}
