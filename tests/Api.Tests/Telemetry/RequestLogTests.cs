using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Nox.Telemetry;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// The request log line: every 4xx and 5xx and every slow request gets one, fast successes a sample chosen
/// by trace id (<see cref="RequestLogOptions"/>), and no line ever carries the path's token or the query.
/// The fixture logs every request unless a test here sets another rule for its duration.
/// </summary>
public abstract class RequestLogTests(TelemetryFixture fixture) : IDisposable
{
    [Collection(SplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : RequestLogTests(fixture);

    [Collection(CoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : RequestLogTests(fixture);

    private const string RequestCategory = "Nox.Telemetry.RequestLogMiddleware";

    /// <summary>A trace id that a sample rate of one half logs (its last eight bytes are small) or skips.</summary>
    private static ActivityTraceId TraceIdSampledAtHalf(bool sampled) =>
        ActivityTraceId.CreateFromString($"{Guid.NewGuid():N}"[..16] + (sampled ? "0" : "f") + $"{Guid.NewGuid():N}"[..15]);

    public void Dispose() => fixture.RequestLog.CurrentValue = TelemetryFixture.EveryRequestLogged;

    private Task<(HttpResponseMessage Response, ActivityTraceId TraceId)> SendAsync(HttpClient client, HttpMethod method, string path) =>
        SendAsync(client, method, path, ActivityTraceId.CreateRandom());

    private static async Task<(HttpResponseMessage Response, ActivityTraceId TraceId)> SendAsync(HttpClient client, HttpMethod method, string path, ActivityTraceId traceId)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return (await client.SendAsync(request), traceId);
    }

    private List<CapturedLog> RequestLines(ActivityTraceId traceId) =>
        [.. fixture.ApiLogs.All.Where(l => l.Category == RequestCategory && l.State.Any(p => p.Key == "TraceId" && Equals(p.Value, traceId.ToHexString())))];

    /// <summary>
    /// Waits for the line of a request sent after the others (an error, always logged): by then the lines
    /// of the earlier requests would have been written too.
    /// </summary>
    private async Task WaitForLaterLineAsync(HttpClient client)
    {
        var (response, traceId) = await SendAsync(client, HttpMethod.Get, "/no/such/path");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        for (var i = 0; i < 200 && RequestLines(traceId).Count == 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Single(RequestLines(traceId));
    }

    [Fact]
    public async Task A_logged_success_writes_one_information_line_with_route_template_status_and_duration()
    {
        using var client = fixture.CreateClient();
        var token = await fixture.CreateSessionAsync(client);

        var (response, traceId) = await SendAsync(client, HttpMethod.Get, $"/v2/supplier/link-sessions/{token}?language=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(RequestLines(traceId));
        Assert.Equal(LogLevel.Information, line.Level);
        var state = line.State.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("GET", state["Method"]);
        Assert.Equal("/v2/supplier/link-sessions/{link_token}", state["Route"]);
        Assert.Equal(200, state["StatusCode"]);
        Assert.IsType<double>(state["DurationMs"]);
        Assert.InRange((double)state["DurationMs"]!, 0, 10_000);
        Assert.DoesNotContain(token, line.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("language=en", line.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/supplier/link-sessions/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 401, "/v2/supplier/link-sessions/{link_token}")]
    [InlineData("GET", "/no/such/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 404, RequestLogMiddleware.Unmatched)]
    public async Task Errors_and_unmatched_paths_are_always_logged_by_template_even_with_successes_unsampled(string method, string path, int status, string route)
    {
        fixture.RequestLog.CurrentValue = new RequestLogOptions { SuccessSampleRate = 0, SlowThreshold = TimeSpan.FromHours(1) };
        using var client = fixture.CreateClient(apiKey: null);

        var (response, traceId) = await SendAsync(client, new HttpMethod(method), path);

        Assert.Equal(status, (int)response.StatusCode);
        var line = Assert.Single(RequestLines(traceId));
        Assert.Equal(route, line.State.Single(p => p.Key == "Route").Value);
        Assert.Equal(status, line.State.Single(p => p.Key == "StatusCode").Value);
        Assert.DoesNotContain("aaaaaaaa", line.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    public async Task Probes_and_scrapes_that_succeed_log_nothing_at_information(string path)
    {
        using var client = fixture.CreateClient(apiKey: null);
        var before = fixture.ApiLogs.All.Count;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);

        var lines = fixture.ApiLogs.All.Skip(before).Where(l => l.Category == RequestCategory && Equals(l.State.Single(p => p.Key == "Route").Value, path)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(LogLevel.Debug, l.Level));
    }

    [Fact]
    public async Task With_successes_unsampled_a_fast_success_writes_no_line()
    {
        fixture.RequestLog.CurrentValue = new RequestLogOptions { SuccessSampleRate = 0, SlowThreshold = TimeSpan.FromHours(1) };
        using var client = fixture.CreateClient();
        var token = await fixture.CreateSessionAsync(client);

        var (response, traceId) = await SendAsync(client, HttpMethod.Get, $"/v2/supplier/link-sessions/{token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForLaterLineAsync(client);
        Assert.Empty(RequestLines(traceId));
    }

    [Fact]
    public async Task A_success_at_or_above_the_slow_threshold_is_logged_with_successes_unsampled()
    {
        // Every request takes at least one tick: each is slow by this threshold.
        fixture.RequestLog.CurrentValue = new RequestLogOptions { SuccessSampleRate = 0, SlowThreshold = TimeSpan.FromTicks(1) };
        using var client = fixture.CreateClient();
        var token = await fixture.CreateSessionAsync(client);

        var (response, traceId) = await SendAsync(client, HttpMethod.Get, $"/v2/supplier/link-sessions/{token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(RequestLines(traceId));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(200, line.State.Single(p => p.Key == "StatusCode").Value);
        Assert.DoesNotContain(token, line.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fast_successes_are_sampled_by_trace_id()
    {
        fixture.RequestLog.CurrentValue = new RequestLogOptions { SuccessSampleRate = 0.5, SlowThreshold = TimeSpan.FromHours(1) };
        using var client = fixture.CreateClient();
        var token = await fixture.CreateSessionAsync(client);
        var path = $"/v2/supplier/link-sessions/{token}";

        var (logged, loggedTrace) = await SendAsync(client, HttpMethod.Get, path, TraceIdSampledAtHalf(sampled: true));
        var (skipped, skippedTrace) = await SendAsync(client, HttpMethod.Get, path, TraceIdSampledAtHalf(sampled: false));

        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        await WaitForLaterLineAsync(client);
        Assert.Single(RequestLines(loggedTrace));
        Assert.Empty(RequestLines(skippedTrace));
    }
}
