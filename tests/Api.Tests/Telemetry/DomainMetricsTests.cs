using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Nox.Telemetry;

namespace Nox.Api.Tests.Telemetry;

/// <summary>The domain counters, read with a MeterListener as their instruments record.</summary>
public abstract class DomainMetricsTests(TelemetryFixture fixture)
{
    [Collection(SplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : DomainMetricsTests(fixture);

    [Collection(CoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : DomainMetricsTests(fixture);

    [Fact]
    public async Task Sessions_are_counted_created_completed_and_expired_once_per_supplier()
    {
        using var recorded = new RecordedMeasurements(instrument => instrument.Meter.Name == NoxTelemetry.MeterName);
        using var client = fixture.CreateClient();
        var completed = await fixture.CreateSessionAsync(client);
        var expiredBySupplier = await fixture.CreateSessionAsync(client);
        var runOut = await fixture.CreateSessionAsync(client);

        fixture.Clock.Advance(TimeSpan.FromSeconds(42));
        Assert.Equal(LinkSessionOutcome.Succeeded, (await Grain(completed).CompleteAsync(Brand.Nibe)).Outcome);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/supplier/link-sessions/{expiredBySupplier}/expire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/supplier/link-sessions/{expiredBySupplier}/expire", null)).StatusCode);
        fixture.Clock.Advance(LinkSessionLifetime.Duration);
        // Observed three times, by the supplier and the page, counted once.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v2/supplier/link-sessions/{runOut}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v2/supplier/link-sessions/{runOut}")).StatusCode);
        Assert.Equal(LinkSessionOutcome.AlreadyExpired, (await Grain(runOut).CompleteAsync(Brand.Nibe)).Outcome);
        // A later activation reads the stored flag and does not count it again.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(LinkSessionStatus.Expired, (await Grain(runOut).GetAsync())!.Status);

        var supplier = Tag("supplier", fixture.Supplier);
        Assert.Equal(3, recorded.Sum(LinkSessionMetrics.Created, supplier));
        Assert.Equal(1, recorded.Sum(LinkSessionMetrics.Completed, supplier));
        Assert.Equal(1, recorded.Sum(LinkSessionMetrics.Expired, supplier, Tag("cause", LinkSessionMetrics.ExpiredBySupplier)));
        Assert.Equal(1, recorded.Sum(LinkSessionMetrics.Expired, supplier, Tag("cause", LinkSessionMetrics.ExpiredByLifetime)));
        var duration = Assert.Single(recorded.Values(LinkSessionMetrics.CompletionDuration, supplier));
        Assert.InRange(duration, 42, 43);
    }

    [Fact]
    public async Task Rejected_requests_are_counted_by_reason()
    {
        var apiMeters = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var recorded = new RecordedMeasurements(instrument => instrument.Meter.Scope == apiMeters && instrument.Name == RequestRejections.InstrumentName);
        using var client = fixture.CreateClient();
        using var anonymous = fixture.CreateClient(apiKey: null);

        await anonymous.PostAsJsonAsync("/v2/supplier/link-sessions", new { });
        await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "" });
        await client.PostAsync("/v2/supplier/link-sessions", new StringContent("x"));
        await client.PostAsync("/v2/supplier/link-sessions", HttpAssert.Json(new string(' ', 17 * 1024)));
        await client.GetAsync($"/v2/supplier/link-sessions/{LinkToken.Mint()}");

        Assert.Equal(1, recorded.Sum(RequestRejections.InstrumentName, Tag("reason", "auth")));
        Assert.Equal(3, recorded.Sum(RequestRejections.InstrumentName, Tag("reason", "validation")));
        Assert.Equal(4, recorded.Sum(RequestRejections.InstrumentName));
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private ILinkSessionGrain Grain(string token) => fixture.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(token));
}
