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
/// Metrics: completions and expire calls are counted where they happen. A session whose 600 s simply
/// run out is counted (cause <c>lifetime</c>) when its grain first observes it: the expiry timer of an
/// activation that is alive at that moment, or the first call after it. Sessions nobody touches after
/// their creation activate no grain, so they are never observed; that keeps creation cheap.
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

    private bool Exists => session.RecordExists;

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
        : HasUncountedLifetimeExpiry() ? CountThenSnapshotAsync()
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

        var state = session.State;
        var now = clock.GetUtcNow();
        if (state.OpenedAt is null && state.StatusAt(now) == LinkSessionStatus.Pending)
        {
            state.OpenedAt = now.ToUnixTimeSeconds();
            try
            {
                await StoreWithEventAsync(webhooks.Events.Opened(GrainKey, state, now), () => state.OpenedAt = null);
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
                var expiresAt = session.State.ExpiresAt;
                session.State.ExpiresAt = now.ToUnixTimeSeconds();
                session.State.ExpiryCounted = true;
                await StoreWithEventAsync(
                    webhooks.Events.Expired(GrainKey, session.State, now, LinkSessionEvents.ExpiredBySupplier),
                    () =>
                    {
                        session.State.ExpiresAt = expiresAt;
                        session.State.ExpiryCounted = false;
                    });
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

        // The grain handles one call at a time, so nothing can complete or expire the session while
        // the connector and the user grain are awaited; time passes, though, so expiry is checked again
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

        var user = await GrainFactory.GetGrain<INoxUserGrain>(NoxUserKey.For(state.Supplier, state.SupplierUserId))
            .LinkDevicesAsync(new DeviceLink(state.Supplier, state.SupplierUserId, brand, deviceIds, connectedAt.ToUnixTimeSeconds(), connection.ProtectedCredentials));
        if (state.StatusAt(clock.GetUtcNow()) == LinkSessionStatus.Expired)
        {
            // The devices stay linked to the NOX user, as after any failed completion; the session is not completed.
            return await ExpiredAsync();
        }

        state.CompletedAt = connectedAt.ToUnixTimeSeconds();
        state.CompletedBrand = brand;
        state.NoxUserId = user.NoxUserId;
        state.DeviceIds = deviceIds;

        // The one place a completion is stored, whatever way the user connected: its event is stored with it.
        await StoreWithEventAsync(webhooks.Events.Completed(GrainKey, state, clock.GetUtcNow()), () =>
        {
            state.CompletedAt = null;
            state.CompletedBrand = null;
            state.NoxUserId = null;
            state.DeviceIds = [];
        });
        metrics.SessionCompleted(state.Supplier, connectedAt - DateTimeOffset.FromUnixTimeSeconds(state.CreatedAt));
        return new(LinkSessionOutcome.Succeeded, Snapshot(), state.ToCompletion());
    }

    private async Task<LinkSessionCommandResult> ExpiredAsync()
    {
        await CountLifetimeExpiryAsync();
        return new(LinkSessionOutcome.AlreadyExpired, Snapshot());
    }

    /// <summary>The session ran out of time and nobody has counted that yet.</summary>
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

        session.State.ExpiryCounted = true;
        try
        {
            await session.WriteStateAsync();
        }
        catch
        {
            // Counting is best effort: a read must not fail because storage is away right now.
            session.State.ExpiryCounted = false;
            DeactivateOnIdle();
            return;
        }

        metrics.SessionExpired(session.State.Supplier, LinkSessionMetrics.ExpiredByLifetime);
    }

    private bool BelongsTo(string supplier) =>
        Exists && string.Equals(session.State.Supplier, supplier, StringComparison.Ordinal);

    /// <summary>The current view; a session that can no longer change releases its activation.</summary>
    private LinkSession Snapshot()
    {
        var view = session.State.ToLinkSession(clock.GetUtcNow());
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
    /// Stores a change together with its webhook event (in the session's outbox), so the event exists as soon as
    /// the change does. Before the write, the session is marked changed, so that a sweeper records the event should
    /// this silo die before handing it over; after it, the event is handed over without waiting for anything.
    /// </summary>
    private async Task StoreWithEventAsync(WebhookEvent webhookEvent, Action revert)
    {
        var state = session.State;
        var outbox = state.Outbox.IsDefault ? [] : state.Outbox;
        state.Outbox = outbox.Add(webhookEvent);
        try
        {
            await webhooks.MarkChangedAsync(GrainKey, state.Supplier);
        }
        catch
        {
            state.Outbox = outbox;
            revert();
            throw;
        }

        await WriteOrRevertAsync(() =>
        {
            state.Outbox = outbox;
            revert();
        });
        webhooks.HandOff(webhookEvent);
    }

    /// <summary>
    /// A failed write leaves memory and storage apart; undo the change and drop the activation so
    /// the next call reads what storage really holds (also the cure for an ETag conflict).
    /// </summary>
    private async Task WriteOrRevertAsync(Action revert)
    {
        try
        {
            await session.WriteStateAsync();
        }
        catch
        {
            revert();
            DeactivateOnIdle();
            throw;
        }
    }
}
