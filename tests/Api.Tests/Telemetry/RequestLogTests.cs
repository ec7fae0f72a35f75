using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Nox.Telemetry;

namespace Nox.Api.Tests.Telemetry;

public abstract class RequestLogTests(TelemetryFixture fixture)
{
    [Collection(SplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : RequestLogTests(fixture);

    [Collection(CoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : RequestLogTests(fixture);

    private const string RequestCategory = "Nox.Telemetry.RequestLogMiddleware";

    private async Task<(HttpResponseMessage Response, ActivityTraceId TraceId)> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return (await client.SendAsync(request), traceId);
    }

    private List<CapturedLog> RequestLines(ActivityTraceId traceId) =>
        [.. fixture.ApiLogs.All.Where(l => l.Category == RequestCategory && l.State.Any(p => p.Key == "TraceId" && Equals(p.Value, traceId.ToHexString())))];

    [Fact]
    public async Task Every_request_writes_one_information_line_with_route_template_status_and_duration()
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
    public async Task Errors_and_unmatched_paths_are_logged_by_template_too(string method, string path, int status, string route)
    {
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
}
