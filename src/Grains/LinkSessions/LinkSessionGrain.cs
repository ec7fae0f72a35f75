using Microsoft.Extensions.DependencyInjection;
using Nox.Brands;
using Nox.Users;
using Orleans.Runtime;

namespace Nox.LinkSessions;

/// <summary>
/// Owns one link session and every rule about it. Sessions are short-lived and read rarely, so an
/// activation lives only while it is useful: it deactivates shortly after the session is completed
/// or expired, at the moment of expiry, or after two idle minutes.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class LinkSessionGrain(
    [PersistentState(LinkSessionGrain.StateName, GrainStorageNames.Sessions)] IPersistentState<LinkSessionState> session,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    IBrandConnectorRegistry connectors) : Grain, ILinkSessionGrain
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
                _ => { DeactivateOnIdle(); return Task.CompletedTask; },
                new GrainTimerCreationOptions(untilExpiry, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    public Task<LinkSession?> GetForSupplierAsync(string supplier) =>
        Task.FromResult(BelongsTo(supplier) ? Snapshot() : Absent());

    public Task<LinkSession?> GetAsync() => Task.FromResult(Exists ? Snapshot() : Absent());

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
                await WriteOrRevertAsync(() => session.State.ExpiresAt = expiresAt);
                break;
        }

        return new(LinkSessionOutcome.Succeeded, Snapshot());
    }

    public async Task<LinkSessionCommandResult> CompleteAsync(Brand brand)
    {
        if (!Exists)
        {
            Absent();
            return LinkSessionCommandResult.NotFound;
        }

        var now = clock.GetUtcNow();
        switch (session.State.StatusAt(now))
        {
            case LinkSessionStatus.Completed:
                return new(LinkSessionOutcome.AlreadyCompleted, Snapshot(), session.State.ToCompletion());
            case LinkSessionStatus.Expired:
                return new(LinkSessionOutcome.AlreadyExpired, Snapshot());
        }

        // The grain handles one call at a time, so nothing can complete or expire the session while
        // the connector and the user grain are awaited. If a later step fails the session stays
        // pending and the user may retry: linking the same devices again is harmless.
        var state = session.State;
        var deviceIds = await connectors.For(brand).ConnectAsync(new BrandAccount(state.Supplier, state.SupplierUserId, brand), CancellationToken.None);
        var connectedAt = now.ToUnixTimeSeconds();
        var user = await GrainFactory.GetGrain<INoxUserGrain>(NoxUserKey.For(state.Supplier, state.SupplierUserId))
            .LinkDevicesAsync(new DeviceLink(state.Supplier, state.SupplierUserId, brand, deviceIds, connectedAt));

        state.CompletedAt = connectedAt;
        state.CompletedBrand = brand;
        state.NoxUserId = user.NoxUserId;
        state.DeviceIds = deviceIds;
        await WriteOrRevertAsync(() =>
        {
            state.CompletedAt = null;
            state.CompletedBrand = null;
            state.NoxUserId = null;
            state.DeviceIds = [];
        });
        return new(LinkSessionOutcome.Succeeded, Snapshot(), state.ToCompletion());
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
