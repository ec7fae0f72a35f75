using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Nox.Testing;
using Nox.Testing.Telemetry;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>
/// The <c>nox.webhook.*</c> instruments of one silo, read with a MeterListener: attempts by outcome and event type,
/// their latency, the deliveries waiting, the endpoints disabled. The cluster is this class's alone, so every
/// measurement of its silo's meters is this test's.
/// </summary>
public sealed class WebhookMetricsTests(WebhookMetricsClusterFixture fixture) : IClassFixture<WebhookMetricsClusterFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Attempts_are_counted_by_outcome_and_event_type_timed_and_what_waits_and_what_is_disabled_is_measured()
    {
        var meters = fixture.SiloServices.GetRequiredService<IMeterFactory>();
        using var recorded = new RecordedMeasurements(i => i.Meter.Scope == meters && i.Name.StartsWith("nox.webhook.", StringComparison.Ordinal));
        var supplier = fixture.NextSupplier();
        var (ok, okEndpoint) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        var (flaky, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        var (gone, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        var (rejecting, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        // Nothing listens there: a connection error, retried.
        var refused = await fixture.Client.GetGrain<IWebhookEndpointsGrain>(supplier)
            .CreateAsync($"http://127.0.0.1:{FreePort.Next()}/hooks/refused", [WebhookEventType.LinkSessionCompleted]);
        Assert.Equal(WebhookEndpointOutcome.Succeeded, refused.Outcome);
        fixture.Receiver.Answer(flaky, 500);
        fixture.Receiver.Answer(gone, 410);
        fixture.Receiver.Answer(rejecting, 400);
        var (_, session) = await fixture.CreateSessionAsync(supplier);

        await session.CompleteAsync(Brand.Daikin);
        foreach (var url in new[] { ok, flaky, gone, rejecting })
        {
            await fixture.Receiver.WaitForAsync(url);
        }

        await AttemptsAsync(supplier, attempts => attempts.Values.Sum() == 5);
        // Waiting: the retries of the flaky and the refused endpoints (the others are done).
        await GaugeAsync(recorded, 2);
        fixture.Clock.Advance(WebhookClusterFixture.FirstRetry);
        await fixture.Receiver.WaitForAsync(flaky, count: 2);
        await AttemptsAsync(supplier, attempts => attempts.Values.Sum() == 7);
        // Waiting: the refused endpoint's second retry.
        await GaugeAsync(recorded, 1);
        Assert.True((await fixture.Client.GetGrain<IWebhookEndpointsGrain>(supplier).TestAsync(okEndpoint.Endpoint!.Id))!.Delivered);

        var completed = Tag("event_type", "link_session.completed");
        Assert.Equal(2, recorded.Sum(WebhookTelemetry.Deliveries, completed, Tag("outcome", "delivered")));
        Assert.Equal(1, recorded.Sum(WebhookTelemetry.Deliveries, completed, Tag("outcome", "retryable_status")));
        Assert.Equal(1, recorded.Sum(WebhookTelemetry.Deliveries, completed, Tag("outcome", "gone")));
        Assert.Equal(1, recorded.Sum(WebhookTelemetry.Deliveries, completed, Tag("outcome", "rejected")));
        Assert.Equal(2, recorded.Sum(WebhookTelemetry.Deliveries, completed, Tag("outcome", "error")));
        Assert.Equal(1, recorded.Sum(WebhookTelemetry.Deliveries, Tag("event_type", "webhook.test"), Tag("outcome", "delivered")));
        Assert.Equal(8, recorded.Sum(WebhookTelemetry.Deliveries));
        // One duration per attempt, by outcome, in seconds.
        var durations = recorded.Values(WebhookTelemetry.AttemptDuration);
        Assert.Equal(8, durations.Count());
        Assert.All(durations, d => Assert.InRange(d, 0, WebhookOptions.AttemptTimeout.TotalSeconds));
        Assert.Equal(3, recorded.Values(WebhookTelemetry.AttemptDuration, Tag("outcome", "delivered")).Count());
        Assert.Equal(2, recorded.Values(WebhookTelemetry.AttemptDuration, Tag("outcome", "error")).Count());
        Assert.Equal(1, recorded.Sum(WebhookTelemetry.EndpointsDisabled));
    }

    /// <summary>Waits until the attempts stored per endpoint of the supplier's one event match.</summary>
    private async Task AttemptsAsync(string supplier, Func<IReadOnlyDictionary<string, int>, bool> match)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var page = await fixture.Client.GetGrain<IWebhookEventLogGrain>(0).ListAsync(supplier, 10, null);
            var attempts = page.Events.SelectMany(e => e.Deliveries).ToDictionary(d => d.EndpointId, d => d.Attempts);
            if (match(attempts))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The attempts stayed {string.Join(", ", attempts.Values)}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the deliveries-waiting gauge reads <paramref name="expected"/> (partitions report at each poll).</summary>
    private static async Task GaugeAsync(RecordedMeasurements recorded, double expected)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            recorded.Observe();
            var last = recorded.Values(WebhookTelemetry.Waiting).LastOrDefault(double.NaN);
            if (last == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The gauge stayed at {last}, not {expected}.");
            await Task.Delay(50);
        }
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}

/// <summary>A webhook cluster of its own: its silo's meters measure only <see cref="WebhookMetricsTests"/>.</summary>
public sealed class WebhookMetricsClusterFixture : WebhookClusterFixture;
