using Microsoft.Extensions.DependencyInjection;
using Nox.Brands;
using Nox.Users;
using Nox.Webhooks;
using Orleans.Runtime;

namespace Nox.LinkSessions;

/// <summary>
/// Owns one link session and every rule about it. Sessions are short-lived and read rarely, so an
/// activation lives only while it is useful: it deactivates shortly after the session is completed
/// or expired, at the moment of expiry, or after two idle minutes.
/// </summary>
/// <remarks>
/// <para>
/// Reads interleave (<c>[AlwaysInterleave]</c> on <see cref="ILinkSessionGrain.GetAsync"/> and
/// <see cref="ILinkSessionGrain.GetForSupplierAsync"/>): a supplier polling one session, or a page view,
/// does not queue behind another read nor behind a completion that waits up to 10 s for a vendor. That is
/// safe because the activation still runs one turn at a time (a read is one synchronous turn, so it never
/// sees half a change) and because of two rules: a change is visible to reads only once storage has it
/// (<see cref="WriteAsync"/> keeps the stored state for them while a write is in flight, so a read never
/// answers a completion or expiry that a failed write then takes back), and a read writes only to count a
/// lifetime expiry, only when no other write is in flight, and marks it counted before it awaits, so no two
/// writes ever overlap (an expired session can change in no other way, so a command arriving meanwhile
/// finds nothing to write).
/// </para>
/// <para>
/// Metrics: completions and expire calls are counted where they happen. A session whose 600 s simply
/// run out is counted (cause <c>lifetime</c>) when its grain first observes it: the expiry timer of an
/// activation that is alive at that moment, or the first call after it. Sessions nobody touches after
/// their creation activate no grain, so they are never observed; that keeps creation cheap.
/// </para>
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class LinkSessionGrain(
    [PersistentState(LinkSessionGrain.StateName, GrainStorageNames.Sessions)] IPersistentState<LinkSessionState> session,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    BrandConnections connections,
    LinkSessionWebhooks webhooks,
    LinkSessionMetrics metrics) : Grain, ILinkSessionGrain
{
    /// <summary>The state name; <see cref="LinkSessionFactoryGrain"/> writes under the same one.</summary>
    public const string StateName = "session";

    /// <summary>
    /// How long a finished session's activation lingers. Deactivating at once would bounce calls queued
    /// behind the one that finished it (a double click, a polling supplier) between activations.
    /// </summary>
    private static readonly TimeSpan FinishedLinger = TimeSpan.FromSeconds(2);

    private IGrainTimer? release;

    /// <summary>While a write is in flight: the state as storage still holds it, which interleaved reads answer.</summary>
    private LinkSessionState? writing;

    private bool Exists => session.RecordExists;

    /// <summary>What reads see: the stored state, never a change that is still being written.</summary>
    private LinkSessionState Stored => writing ?? session.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Exists && session.State.StatusAt(clock.GetUtcNow()) == LinkSessionStatus.Pending)
        {
            var untilExpiry = DateTimeOffset.FromUnixTimeSeconds(session.State.ExpiresAt) - clock.GetUtcNow();
            this.RegisterGrainTimer(
                async _ =>
                {
                    await CountLifetimeExpiryAsync();
                    DeactivateOnIdle();
                },
                new GrainTimerCreationOptions(untilExpiry, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    public Task<LinkSession?> GetForSupplierAsync(string supplier) =>
        BelongsTo(supplier) ? GetAsync() : Task.FromResult(Absent());

    public Task<LinkSession?> GetAsync() =>
        !Exists ? Task.FromResult(Absent())
        : writing is null && HasUncountedLifetimeExpiry() ? CountThenSnapshotAsync()
        : Task.FromResult<LinkSession?>(Snapshot());

    public async Task<LinkSession?> OpenAsync()
    {
        if (!Exists)
        {
            return Absent();
        }

        if (HasUncountedLifetimeExpiry())
        {
            return await CountThenSnapshotAsync();
        }

        var now = clock.GetUtcNow();
        if (session.State.OpenedAt is null && session.State.StatusAt(now) == LinkSessionStatus.Pending)
        {
            try
            {
                await WriteAsync(state => state.OpenedAt = now.ToUnixTimeSeconds(), opened => webhooks.Events.Opened(GrainKey, opened, now));
            }
            catch
            {
                // The page is served all the same; the next time it is served tries again.
            }
        }

        return Snapshot();
    }

    public async Task<LinkSessionCommandResult> ExpireAsync(string supplier)
    {
        if (!BelongsTo(supplier))
        {
            Absent();
            return LinkSessionCommandResult.NotFound;
        }

        var now = clock.GetUtcNow();
        switch (session.State.StatusAt(now))
        {
            case LinkSessionStatus.Completed:
                return new(LinkSessionOutcome.AlreadyCompleted, Snapshot());
            case LinkSessionStatus.Pending:
                await WriteAsync(state =>
                {
                    state.ExpiresAt = now.ToUnixTimeSeconds();
                    state.ExpiryCounted = true;
                },
                    expired => webhooks.Events.Expired(GrainKey, expired, now, LinkSessionEvents.ExpiredBySupplier));
                metrics.SessionExpired(session.State.Supplier, LinkSessionMetrics.ExpiredBySupplier);
                break;
            case LinkSessionStatus.Expired:
                await CountLifetimeExpiryAsync();
                break;
        }

        return new(LinkSessionOutcome.Succeeded, Snapshot());
    }

    public Task<LinkSessionCommandResult> CompleteAsync(Brand brand) => CompleteAsync(brand, grant: null);

    public Task<LinkSessionCommandResult> CompleteWithGrantAsync(BrandGrant grant) => CompleteAsync(grant.Brand, grant);

    /// <summary>The one completion path; <paramref name="grant"/> is what the user granted at a consent page, if any.</summary>
    private async Task<LinkSessionCommandResult> CompleteAsync(Brand brand, BrandGrant? grant)
    {
        if (!Exists)
        {
            Absent();
            return LinkSessionCommandResult.NotFound;
        }

        switch (session.State.StatusAt(clock.GetUtcNow()))
        {
            case LinkSessionStatus.Completed:
                // The same brand again is the same completion asked for again (its answer was lost, the
                // user pressed twice): answer what is stored, so the redirect is the same byte for byte.
                return new(
                    session.State.CompletedBrand == brand ? LinkSessionOutcome.Succeeded : LinkSessionOutcome.AlreadyCompleted,
                    Snapshot(),
                    session.State.ToCompletion());
            case LinkSessionStatus.Expired:
                return await ExpiredAsync();
        }

        if (grant is null && connections.RequiresGrant(brand))
        {
            // The user must grant access at the manufacturer's consent page first (/ui/connect).
            return new(LinkSessionOutcome.ConsentRequired, Snapshot());
        }

        // Commands do not interleave, so nothing can complete or expire the session while the connector
        // and the user grain are awaited (reads can, and see it pending); time passes, though, so expiry is checked again
        // after each. If a step fails the session stays pending and the user may retry: linking the same
        // devices again is harmless.
        var state = session.State;
        var connection = await connections.ConnectAsync(new BrandAccount(state.Supplier, state.SupplierUserId, brand, grant));
        var deviceIds = connection.DeviceIds;
        var connectedAt = clock.GetUtcNow();
        if (state.StatusAt(connectedAt) == LinkSessionStatus.Expired)
        {
            return await ExpiredAsync();
        }

        var user = await GrainFactory.Get<INoxUserGrain>(NoxUserKey.For(state.Supplier, state.SupplierUserId))
            .LinkDevicesAsync(new DeviceLink(state.Supplier, state.SupplierUserId, brand, deviceIds, connectedAt.ToUnixTimeSeconds(), connection.ProtectedCredentials));
        if (state.StatusAt(clock.GetUtcNow()) == LinkSessionStatus.Expired)
        {
            // The devices stay linked to the NOX user, as after any failed completion; the session is not completed.
            return await ExpiredAsync();
        }

        await WriteAsync(completed =>
        {
            completed.CompletedAt = connectedAt.ToUnixTimeSeconds();
            completed.CompletedBrand = brand;
            completed.NoxUserId = user.NoxUserId;
            completed.DeviceIds = deviceIds;
        },
        // The one place a completion is stored, whatever way the user connected: its event is stored with it.
        written => webhooks.Events.Completed(GrainKey, written, clock.GetUtcNow()));
        // The state as written (a failed write by an interleaved read may have replaced the object captured above).
        var written = session.State;
        metrics.SessionCompleted(written.Supplier, connectedAt - DateTimeOffset.FromUnixTimeSeconds(written.CreatedAt));
        return new(LinkSessionOutcome.Succeeded, Snapshot(), written.ToCompletion());
    }

    private async Task<LinkSessionCommandResult> ExpiredAsync()
    {
        await CountLifetimeExpiryAsync();
        return new(LinkSessionOutcome.AlreadyExpired, Snapshot());
    }

    /// <summary>The session ran out of time and nobody has counted that yet.</summary>
    /// <remarks>Asks the state being written, if any: a count already on its way is not counted again.</remarks>
    private bool HasUncountedLifetimeExpiry() =>
        Exists && !session.State.ExpiryCounted && session.State.StatusAt(clock.GetUtcNow()) == LinkSessionStatus.Expired;

    private async Task<LinkSession?> CountThenSnapshotAsync()
    {
        await CountLifetimeExpiryAsync();
        return Snapshot();
    }

    /// <summary>
    /// Counts a lifetime expiry once: the flag is stored with the session so that later activations do
    /// not count it again. A failed write must not fail the call that merely observed the expiry; the
    /// count is then left to the next observation.
    /// </summary>
    private async Task CountLifetimeExpiryAsync()
    {
        if (!HasUncountedLifetimeExpiry())
        {
            return;
        }

        try
        {
            await WriteAsync(state => state.ExpiryCounted = true);
        }
        catch
        {
            // Counting is best effort: a read must not fail because storage is away right now.
            return;
        }

        metrics.SessionExpired(session.State.Supplier, LinkSessionMetrics.ExpiredByLifetime);
    }

    private bool BelongsTo(string supplier) =>
        Exists && string.Equals(Stored.Supplier, supplier, StringComparison.Ordinal);

    /// <summary>The current view; a session that can no longer change releases its activation.</summary>
    private LinkSession Snapshot()
    {
        var view = Stored.ToLinkSession(clock.GetUtcNow());
        if (view.Status != LinkSessionStatus.Pending)
        {
            ReleaseSoon();
        }

        return view;
    }

    /// <summary>An unknown token must not keep an activation alive.</summary>
    private LinkSession? Absent()
    {
        ReleaseSoon();
        return null;
    }

    private void ReleaseSoon() => release ??= this.RegisterGrainTimer(
        _ => { DeactivateOnIdle(); return Task.CompletedTask; },
        new GrainTimerCreationOptions(FinishedLinger, Timeout.InfiniteTimeSpan));

    private string GrainKey => this.GetPrimaryKeyString();

    /// <summary>
    /// Applies <paramref name="change"/> and writes it, with the webhook event <paramref name="eventOf"/> makes of
    /// the changed state, if any, in the session's outbox: the write that stores a change makes its event exist.
    /// Until storage has it, reads answer the state as it was; a failed write restores that state and drops the
    /// activation, so the next call reads what storage really holds (also the cure for an ETag conflict).
    /// </summary>
    private async Task WriteAsync(Action<LinkSessionState> change, Func<LinkSessionState, WebhookEvent>? eventOf = null)
    {
        var stored = session.State.Copy();
        writing = stored;
        try
        {
            if (eventOf is not null)
            {
                // Before the write: should this silo die between the write and the hand-over, a sweeper finds the
                // session marked and records its event.
                await webhooks.MarkChangedAsync(GrainKey, stored.Supplier);
            }

            WebhookEvent? webhookEvent;
            try
            {
                // Inside: sealing the token or the event's body can fail (the key ring unreachable) after the change.
                webhooks.SealAtRest(session.State);
                change(session.State);
                webhookEvent = eventOf?.Invoke(session.State);
                if (webhookEvent is not null)
                {
                    session.State.Outbox = (session.State.Outbox.IsDefault ? [] : session.State.Outbox).Add(webhookEvent);
                }

                await session.WriteStateAsync();
            }
            catch
            {
                session.State = stored;
                DeactivateOnIdle();
                throw;
            }

            if (webhookEvent is not null)
            {
                webhooks.HandOff(webhookEvent);
            }
        }
        finally
        {
            writing = null;
        }
    }
}
