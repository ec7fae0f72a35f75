using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nox.LinkSessions;
using Orleans.Storage;

namespace Nox.Webhooks;

/// <summary>
/// Makes sure every session event exists, reading sessions' stored state and activating none. It owns one shard
/// of two indexes, and sweeps them every <see cref="WebhookOptions.SweepPeriod"/> while active (a reminder
/// re-activates it within a minute after its silo is lost):
/// <list type="bullet">
/// <item>the sessions changed (opened, completed, expired by the supplier) more than
/// <see cref="WebhookOptions.ChangedSweepDelay"/> ago: it records their outbox events again, which is a no-op
/// unless a silo died between storing a change and handing its event over;</item>
/// <item>the sessions whose expiry fell in a bucket that ended more than <see cref="WebhookOptions.ExpiryGrace"/>
/// ago (written by the factory with each session): for a session still not completed it records the
/// <c>link_session.expired</c> event with reason <c>lifetime</c> (its id is derived from the session, so there
/// is exactly one whoever records it, however often), and it records its outbox events again.</item>
/// </list>
/// Sessions of a supplier without endpoints are skipped before their state is read.
/// </summary>
public sealed partial class WebhookSweeperGrain(
    [PersistentState("sweeper", GrainStorageNames.Webhooks)] IPersistentState<WebhookSweeperState> progress,
    [FromKeyedServices(GrainStorageNames.Sessions)] IGrainStorage sessions,
    IWebhookStore store,
    WebhookEventLog log,
    LinkSessionEvents events,
    IOptions<WebhookOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    ILogger<WebhookSweeperGrain> logger) : Grain, IWebhookSweeperGrain, IRemindable
{
    private const string ReminderName = "sweep";

    /// <summary>Changed sessions handled per read of the index.</summary>
    private const int ChangedBatch = 256;

    /// <summary>Bounds one sweep after a long outage: about an hour of buckets, the rest next time.</summary>
    private const int MaxBucketsPerSweep = 360;

    /// <summary>Session states read at once.</summary>
    private const int ReadConcurrency = 32;

    private bool sweeping;
    private bool reminderRegistered;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => SweepAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.SweepPeriod) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task EnsureRunningAsync()
    {
        if (!reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            reminderRegistered = true;
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => SweepAsync();

    private async Task SweepAsync()
    {
        if (sweeping)
        {
            return;
        }

        sweeping = true;
        try
        {
            await SweepChangedAsync();
            await SweepExpiredAsync();
        }
        catch (Exception exception)
        {
            LogSweepFailed(Shard, exception.GetType().Name);
        }
        finally
        {
            sweeping = false;
        }
    }

    private async Task SweepChangedAsync()
    {
        var upTo = (clock.GetUtcNow() - options.Value.ChangedSweepDelay).ToUnixTimeMilliseconds();
        while (true)
        {
            var members = await store.ReadChangedAsync(Shard, upTo, ChangedBatch);
            if (members.Count == 0)
            {
                return;
            }

            await VisitAsync(members, lifetimeExpiry: false);
            await store.RemoveChangedAsync(Shard, members, upTo);
            if (members.Count < ChangedBatch)
            {
                return;
            }
        }
    }

    private async Task SweepExpiredAsync()
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.ExpiryGrace;

        // The first sweep ever starts at the present: sessions created before the index existed are not in it.
        var last = progress.State.LastSweptBucket ?? SessionIndexEntry.ExpiryBucketOf(now.ToUnixTimeSeconds()) - 1;
        var swept = last;
        for (var bucket = last + 1; bucket <= last + MaxBucketsPerSweep && IsDue(bucket, now, grace); bucket++)
        {
            await VisitAsync(await store.ReadExpiryBucketAsync(bucket, Shard), lifetimeExpiry: true);
            await store.DeleteExpiryBucketAsync(bucket, Shard);
            swept = bucket;
        }

        if (progress.State.LastSweptBucket != swept)
        {
            progress.State.LastSweptBucket = swept;
            await progress.WriteStateAsync();
        }
    }

    private static bool IsDue(long bucket, DateTimeOffset now, TimeSpan grace) =>
        DateTimeOffset.FromUnixTimeSeconds(SessionIndexEntry.ExpiryBucketEnd(bucket)) + grace <= now;

    /// <summary>Records the events of the indexed sessions of suppliers that have endpoints.</summary>
    private async Task VisitAsync(IReadOnlyList<string> members, bool lifetimeExpiry)
    {
        var bySupplier = members
            .Select(m => SessionIndexEntry.TryParse(m, out var entry) ? entry : (SessionIndexEntry?)null)
            .OfType<SessionIndexEntry>()
            .GroupBy(e => e.Supplier, StringComparer.Ordinal);
        foreach (var supplier in bySupplier)
        {
            var targets = await GrainFactory.GetGrain<IWebhookEndpointsGrain>(supplier.Key).GetTargetsAsync();
            if (targets.IsEmpty)
            {
                continue;
            }

            // In chunks on this activation's scheduler (Parallel.ForEachAsync would leave it, and grain calls need it).
            foreach (var chunk in supplier.Chunk(ReadConcurrency))
            {
                await Task.WhenAll(chunk.Select(entry => VisitAsync(entry, targets, lifetimeExpiry)));
            }
        }
    }

    private async Task VisitAsync(SessionIndexEntry entry, ImmutableArray<WebhookTarget> targets, bool lifetimeExpiry)
    {
        var stored = new GrainState<LinkSessionState>(new LinkSessionState());
        await sessions.ReadStateAsync(LinkSessionGrain.StateName, GrainFactory.IdOf<ILinkSessionGrain>(entry.GrainKey), stored);
        if (!stored.RecordExists)
        {
            // Purged, or its creation failed before its state was written.
            return;
        }

        var state = stored.State!;
        var outbox = state.Outbox.IsDefault ? [] : state.Outbox;
        foreach (var pending in outbox)
        {
            await log.RecordAsync(pending, targets);
        }

        var now = clock.GetUtcNow();
        if (lifetimeExpiry
            && state.StatusAt(now) == LinkSessionStatus.Expired
            && !outbox.Any(e => e.Type == WebhookEventType.LinkSessionExpired))
        {
            await log.RecordAsync(events.Expired(entry.GrainKey, state, now, LinkSessionEvents.ExpiredByLifetime), targets);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook sweeper {Shard} did not finish its sweep ({ExceptionType}); it resumes at its next one")]
    private partial void LogSweepFailed(int shard, string exceptionType);
}
