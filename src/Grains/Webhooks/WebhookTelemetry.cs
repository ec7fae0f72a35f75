using System.Diagnostics;
using System.Diagnostics.Metrics;
using Nox.Telemetry;

namespace Nox.Webhooks;

/// <summary>
/// Webhook metrics (exported as <c>nox_webhook_deliveries_total</c>, <c>nox_webhook_attempt_duration_seconds</c>,
/// <c>nox_webhook_deliveries_waiting</c>, <c>nox_webhook_endpoints_disabled_total</c>) and the activity source of
/// one span per attempt. Tags are event types, outcomes and status codes: never a URL, a secret or a signature.
/// </summary>
public sealed class WebhookTelemetry
{
    public const string Deliveries = "nox.webhook.deliveries";
    public const string AttemptDuration = "nox.webhook.attempt.duration";
    public const string Waiting = "nox.webhook.deliveries.waiting";
    public const string EndpointsDisabled = "nox.webhook.endpoints.disabled";

    /// <summary>The activity source of delivery spans (<see cref="NoxTelemetry.WebhooksActivitySource"/>).</summary>
    public static readonly ActivitySource Source = new(NoxTelemetry.WebhooksActivitySource);

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

    private readonly Counter<long> deliveries;
    private readonly Histogram<double> attemptDuration;
    private readonly Counter<long> endpointsDisabled;
    private readonly long[] waitingByPartition = new long[WebhookPartitions.Deliveries];

    public WebhookTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(NoxTelemetry.MeterName);
        deliveries = meter.CreateCounter<long>(
            Deliveries,
            "{attempt}",
            "Webhook delivery attempts, by event type and outcome: delivered, retryable_status, error (timeout or connection), rejected (other 4xx), gone (410).");
        attemptDuration = meter.CreateHistogram(
            AttemptDuration,
            "s",
            "Duration of one webhook delivery attempt, by outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        endpointsDisabled = meter.CreateCounter<long>(EndpointsDisabled, "{endpoint}", "Webhook endpoints disabled because they answered 410 Gone.");
        meter.CreateObservableGauge(
            Waiting,
            WaitingNow,
            "{delivery}",
            "Webhook deliveries queued (due or waiting for a retry) in the delivery partitions active on this silo.");
    }

    public void Attempted(WebhookEventType type, WebhookAttempt attempt, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", attempt.Outcome);
        deliveries.Add(1, new KeyValuePair<string, object?>("event_type", type.ToWireName()), outcome);
        attemptDuration.Record(duration.TotalSeconds, outcome);
    }

    public void EndpointDisabled() => endpointsDisabled.Add(1);

    /// <summary>A partition reports its queue's length; one that deactivates reports 0.</summary>
    public void Queued(int partition, long count) => Interlocked.Exchange(ref waitingByPartition[partition], count);

    private long WaitingNow()
    {
        long sum = 0;
        for (var i = 0; i < waitingByPartition.Length; i++)
        {
            sum += Interlocked.Read(ref waitingByPartition[i]);
        }

        return sum;
    }
}
