using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Nox.Webhooks;

/// <summary>
/// Delivers the queued deliveries of one partition. The queue (due times) is in the store, so the schedule
/// survives any silo; this grain holds only the attempts under way, at most
/// <see cref="WebhookOptions.MaxConcurrencyPerPartition"/>, of which at most
/// <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/> to one endpoint: memory stays bounded however many
/// endpoints fail, and a slow endpoint holds up only its own deliveries. An attempt first leases its delivery
/// (moves its due time past the attempt), so a silo that dies mid-attempt leaves it to be attempted again:
/// at least once. The lease's due time identifies the attempt: its end (removal, or the retry's due time) applies
/// only while the delivery still has that due time, and its outcome is stored only while the delivery's round is
/// the one it read, so a redelivery asked for while it is under way is neither absorbed nor taken out of the queue.
/// Reentrant: attempts interleave at their awaits on this activation's one scheduler.
/// </summary>
[Reentrant]
public sealed partial class WebhookDeliveryPartitionGrain(
    IWebhookStore store,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    WebhookTelemetry telemetry,
    ILogger<WebhookDeliveryPartitionGrain> logger) : Grain, IWebhookDeliveryPartitionGrain, IRemindable
{
    private const string ReminderName = "deliveries";

    /// <summary>Longer than an attempt and its bookkeeping can take.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>How much later a delivery to an endpoint already at its concurrency is looked at again.</summary>
    private static readonly TimeSpan BusyBackoff = TimeSpan.FromSeconds(1);

    /// <summary>How long the endpoints of a supplier are reused between attempts.</summary>
    private static readonly TimeSpan TargetsLifetime = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, int> attemptsPerEndpoint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Until, ImmutableArray<WebhookTarget> Targets)> targets = new(StringComparer.Ordinal);
    private int inFlight;
    private bool polling;
    private bool pollAgain;
    private bool reminderRegistered;

    private int Partition => (int)this.GetPrimaryKeyLong();

    private WebhookOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => PollAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Options.DeliveryPollPeriod) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        telemetry.Queued(Partition, 0);
        return Task.CompletedTask;
    }

    public Task Wake() => PollAsync();

    public async Task EnsureRunningAsync()
    {
        if (!reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            reminderRegistered = true;
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => PollAsync();

    /// <summary>Starts due deliveries while there is room; one poll at a time, a wake during it polls again after.</summary>
    private async Task PollAsync()
    {
        if (polling)
        {
            pollAgain = true;
            return;
        }

        polling = true;
        try
        {
            do
            {
                pollAgain = false;
                var room = Options.MaxConcurrencyPerPartition - inFlight;
                if (room <= 0)
                {
                    break;
                }

                var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
                var due = await store.DueAsync(Partition, now, room);
                await StartAsync(due, now);
                pollAgain |= due.Count == room;
            }
            while (pollAgain);

            telemetry.Queued(Partition, await store.CountAsync(Partition));
        }
        catch (Exception exception)
        {
            LogPollFailed(Partition, exception.GetType().Name);
        }
        finally
        {
            polling = false;
        }
    }

    private async Task StartAsync(IReadOnlyList<string> due, long now)
    {
        var leases = new List<Task>(due.Count);
        var started = new List<(WebhookQueueEntry Entry, long Lease)>(due.Count);
        var lease = now + (long)Lease.TotalMilliseconds;
        foreach (var member in due)
        {
            if (!WebhookQueueEntry.TryParse(member, out var entry))
            {
                leases.Add(store.RemoveAsync(Partition, member));
                continue;
            }

            if (attemptsPerEndpoint.GetValueOrDefault(entry.EndpointId) >= Options.MaxConcurrencyPerEndpoint)
            {
                leases.Add(store.ScheduleAsync(Partition, member, now + (long)BusyBackoff.TotalMilliseconds, onlyIfAbsent: false));
                continue;
            }

            leases.Add(store.ScheduleAsync(Partition, member, lease, onlyIfAbsent: false));
            started.Add((entry, lease));
            Acquire(entry.EndpointId);
        }

        try
        {
            await Task.WhenAll(leases);
        }
        catch
        {
            foreach (var (entry, _) in started)
            {
                Release(entry.EndpointId);
            }

            throw;
        }

        foreach (var (entry, leasedUntil) in started)
        {
            _ = AttemptAsync(entry, leasedUntil);
        }
    }

    /// <param name="lease">The due time the lease gave the delivery: what ends the lease, if nothing queued it again since.</param>
    private async Task AttemptAsync(WebhookQueueEntry entry, long lease)
    {
        try
        {
            var stored = await store.GetAsync(entry.Supplier, entry.EventId);
            if (stored?.DeliveryTo(entry.EndpointId) is not { Status: WebhookDeliveryStatus.Pending } delivery)
            {
                // Delivered or failed already (a duplicate after a lease ran out), or the event has expired.
                await store.EndLeaseAsync(Partition, entry.Member, lease, nextDue: null);
                return;
            }

            var target = (await TargetsAsync(entry.Supplier)).FirstOrDefault(t => string.Equals(t.Id, entry.EndpointId, StringComparison.Ordinal));
            if (target is not { Enabled: true })
            {
                // The cached list may predate the endpoint (created or re-enabled seconds ago): ask once more.
                targets.Remove(entry.Supplier);
                target = (await TargetsAsync(entry.Supplier)).FirstOrDefault(t => string.Equals(t.Id, entry.EndpointId, StringComparison.Ordinal));
            }

            if (target is not { Enabled: true })
            {
                // The endpoint was deleted or disabled: nothing to send to.
                await FinishAsync(entry, lease, delivery with { Status = WebhookDeliveryStatus.Failed });
                return;
            }

            var number = delivery.Attempts + 1;
            var attempt = await sender.SendAsync(target, stored.Event, number);
            var next = delivery with { Attempts = number, LastStatusCode = attempt.StatusCode };
            var delays = Options.EffectiveRetryDelays;
            if (attempt.Delivered)
            {
                await FinishAsync(entry, lease, next with { Status = WebhookDeliveryStatus.Delivered });
            }
            else if (attempt.Retryable && number <= delays.Count)
            {
                var delay = delays[number - 1];
                if (attempt.RetryAfter is { } asked && asked > delay)
                {
                    delay = asked;
                }

                // Counted from the answer. The status first: a crash before the new due time leaves the lease, which
                // brings the delivery back.
                var retryAt = clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)delay.TotalMilliseconds;
                if (await RecordAsync(entry, next))
                {
                    await store.EndLeaseAsync(Partition, entry.Member, lease, retryAt);
                }
            }
            else
            {
                await FinishAsync(entry, lease, next with { Status = WebhookDeliveryStatus.Failed });
                if (attempt.Gone)
                {
                    targets.Remove(entry.Supplier);
                    await GrainFactory.GetGrain<IWebhookEndpointsGrain>(entry.Supplier).DisableAsync(entry.EndpointId);
                }
            }
        }
        catch (Exception exception)
        {
            // The lease brings the delivery back; the attempt number was not counted.
            LogAttemptFailed(entry.EventId, entry.EndpointId, exception.GetType().Name);
        }
        finally
        {
            Release(entry.EndpointId);
        }
    }

    /// <summary>The final status first, then out of the queue: a crash between the two only repeats a no-op.</summary>
    private async Task FinishAsync(WebhookQueueEntry entry, long lease, WebhookDelivery delivery)
    {
        if (await RecordAsync(entry, delivery))
        {
            await store.EndLeaseAsync(Partition, entry.Member, lease, nextDue: null);
        }
    }

    /// <summary>
    /// Stores an outcome if its round is still the delivery's current one. If a redelivery started a new round
    /// meanwhile, the outcome is dropped and the lease left alone: the new round's attempt is queued (or, should
    /// the redelivery have stopped before queueing it, the lease brings the delivery back).
    /// </summary>
    private async Task<bool> RecordAsync(WebhookQueueEntry entry, WebhookDelivery outcome)
    {
        if (await store.TryRecordOutcomeAsync(entry.Supplier, entry.EventId, outcome))
        {
            return true;
        }

        LogSuperseded(entry.EventId, entry.EndpointId);
        return false;
    }

    private async Task<ImmutableArray<WebhookTarget>> TargetsAsync(string supplier)
    {
        var now = Environment.TickCount64;
        if (targets.TryGetValue(supplier, out var cached) && cached.Until > now)
        {
            return cached.Targets;
        }

        var fresh = await GrainFactory.GetGrain<IWebhookEndpointsGrain>(supplier).GetTargetsAsync();
        targets[supplier] = (now + (long)TargetsLifetime.TotalMilliseconds, fresh);
        return fresh;
    }

    private void Acquire(string endpointId)
    {
        inFlight++;
        attemptsPerEndpoint[endpointId] = attemptsPerEndpoint.GetValueOrDefault(endpointId) + 1;
    }

    private void Release(string endpointId)
    {
        inFlight--;
        if (--attemptsPerEndpoint[endpointId] == 0)
        {
            attemptsPerEndpoint.Remove(endpointId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery partition {Partition} could not read its queue ({ExceptionType}); it tries again at its next poll")]
    private partial void LogPollFailed(int partition, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery of {EventId} to {EndpointId}: the attempt's outcome is not stored: a redelivery started a new round meanwhile (or the event has expired)")]
    private partial void LogSuperseded(string eventId, string endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery of {EventId} to {EndpointId} not completed ({ExceptionType}); it is attempted again when its lease ends")]
    private partial void LogAttemptFailed(string eventId, string endpointId, string exceptionType);
}
