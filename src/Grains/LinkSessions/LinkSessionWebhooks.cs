using Microsoft.Extensions.DependencyInjection;
using Nox.Webhooks;

namespace Nox.LinkSessions;

/// <summary>
/// What a session grain does for webhooks around the one write that stores a change: before it, marks the session
/// in the index of changed sessions (so a sweeper finds it within a minute should this silo die before the
/// hand-off); after it, hands the event, already stored in the session's outbox by that write, to the relay.
/// </summary>
public sealed class LinkSessionWebhooks(
    IWebhookStore store,
    WebhookOutboxRelay relay,
    LinkSessionEvents events,
    LinkTokenSeal tokens,
    WebhookBodySeal bodies,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock)
{
    public LinkSessionEvents Events => events;

    public Task MarkChangedAsync(string grainKey, string supplier)
    {
        var entry = new SessionIndexEntry(grainKey, supplier);
        return store.MarkChangedAsync(entry.Shard, entry.Member, clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public void HandOff(WebhookEvent webhookEvent) => relay.Post(webhookEvent);

    /// <summary>
    /// Every write of a session stores its token sealed, also a session's stored before tokens were: its plain-text
    /// token and the plain bodies in its outbox are sealed before the write.
    /// </summary>
    public void SealAtRest(LinkSessionState state)
    {
        tokens.SealPlainToken(state);
        if (!state.Outbox.IsDefault && state.Outbox.Any(e => !bodies.IsSealed(e.Body)))
        {
            state.Outbox = [.. state.Outbox.Select(e => bodies.IsSealed(e.Body) ? e : e with { Body = bodies.Seal(e.Body) })];
        }
    }
}
