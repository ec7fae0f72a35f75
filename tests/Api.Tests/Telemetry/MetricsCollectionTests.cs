using System.Net;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> keeps the request metrics operations reads and leaves out the per-request ASP.NET Core
/// instruments nothing reads (<see cref="Nox.Telemetry.TelemetryExtensions.PerRequestInstrumentsNotCollected"/>):
/// recording them was a measurable part of a request's CPU.
/// </summary>
public abstract class MetricsCollectionTests(TelemetryFixture fixture)
{
    [Collection(IsolatedSplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : MetricsCollectionTests(fixture);

    [Collection(IsolatedCoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : MetricsCollectionTests(fixture);

    [Fact]
    public async Task Metrics_keep_the_request_duration_and_leave_out_the_per_request_instruments_nothing_reads()
    {
        using var client = fixture.CreateClient();
        var token = await fixture.CreateSessionAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v2/supplier/link-sessions/{token}")).StatusCode);

        // The duration is recorded as the request ends, which can be after the client has its answer.
        var metrics = await client.GetStringAsync("/metrics");
        for (var deadline = DateTime.UtcNow.AddSeconds(5); !metrics.Contains("http_server_request_duration_seconds", StringComparison.Ordinal) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_authentication_", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_authorization_attempts", metrics, StringComparison.Ordinal);
    }
}
