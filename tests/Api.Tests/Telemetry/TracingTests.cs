using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Nox.Telemetry;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// Each request here continues a trace the test starts (a <c>traceparent</c> header), which tells its
/// spans apart from those of other API tests running in this process at the same time.
/// </summary>
public abstract class TracingTests(TelemetryFixture fixture)
{
    [Collection(SplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : TracingTests(fixture);

    [Collection(CoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : TracingTests(fixture);

    [Fact]
    public async Task A_create_is_one_trace_from_the_http_request_through_the_grain_call()
    {
        using var client = fixture.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();

        var response = await client.SendAsync(Traced(traceId, HttpMethod.Post, "/v2/supplier/link-sessions", JsonContent.Create(new { user_id = "u", redirect_url = TelemetryFixture.RedirectUrl })));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var request = await fixture.WaitForSpanAsync(s => s.TraceId == traceId && IsServerSpan(s));
        var trace = fixture.Spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Equal("POST /v2/supplier/link-sessions/", request.DisplayName);
        // A fresh API also loads the supplier list during its first request: more grain calls in the same trace.
        var outgoing = Assert.Single(trace, s => IsFactoryCall(s) && s.Kind == ActivityKind.Client);
        var incoming = Assert.Single(trace, s => IsFactoryCall(s) && s.Kind == ActivityKind.Server);
        Assert.Equal(request.SpanId, outgoing.ParentSpanId);
        Assert.Equal(outgoing.SpanId, incoming.ParentSpanId);
    }

    [Fact]
    public async Task Creations_that_share_a_grain_call_link_to_the_trace_that_carries_it()
    {
        using var client = fixture.CreateClient();
        var traceIds = Enumerable.Range(0, 20).Select(_ => ActivityTraceId.CreateRandom()).ToArray();

        var responses = await Task.WhenAll(traceIds.Select(traceId => client.SendAsync(
            Traced(traceId, HttpMethod.Post, "/v2/supplier/link-sessions", JsonContent.Create(new { user_id = "u", redirect_url = TelemetryFixture.RedirectUrl })))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var carriers = 0;
        foreach (var traceId in traceIds)
        {
            var request = await fixture.WaitForSpanAsync(s => s.TraceId == traceId && IsServerSpan(s));
            var calls = fixture.Spans.Where(s => s.TraceId == traceId && IsFactoryCall(s) && s.Kind == ActivityKind.Client).ToList();
            if (calls.Count > 0)
            {
                carriers++;
                Assert.Equal(request.SpanId, Assert.Single(calls).ParentSpanId);
                continue;
            }

            var link = Assert.Single(request.Links);
            Assert.Contains(fixture.Spans, s => s.TraceId == link.Context.TraceId && IsFactoryCall(s) && s.Kind == ActivityKind.Client);
        }

        Assert.True(carriers < traceIds.Length, "no two of 20 concurrent creations shared a grain call");
    }

    [Fact]
    public async Task Server_spans_carry_the_route_template_and_neither_the_raw_path_nor_the_query()
    {
        using var client = fixture.CreateClient();
        var token = await fixture.CreateSessionAsync(client);
        var traceId = ActivityTraceId.CreateRandom();

        var response = await client.SendAsync(Traced(traceId, HttpMethod.Get, $"/v2/supplier/link-sessions/{token}?data=query-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await fixture.WaitForSpanAsync(s => s.TraceId == traceId && IsServerSpan(s));
        Assert.Equal("GET /v2/supplier/link-sessions/{link_token}", read.DisplayName);
        Assert.Equal("/v2/supplier/link-sessions/{link_token}", read.GetTagItem("url.path"));
        Assert.Equal("/v2/supplier/link-sessions/{link_token}", read.GetTagItem("http.route"));
        Assert.Null(read.GetTagItem("url.query"));
        Assert.Equal(200, read.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_request_that_matches_no_route_keeps_no_path_at_all()
    {
        using var client = fixture.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();

        await client.SendAsync(Traced(traceId, HttpMethod.Get, "/no-such-page/secret-path?token=query-secret"));

        var span = await fixture.WaitForSpanAsync(s => s.TraceId == traceId && IsServerSpan(s));
        Assert.DoesNotContain("no-such-page", span.DisplayName, StringComparison.Ordinal);
        Assert.Null(span.GetTagItem("url.path"));
        Assert.Null(span.GetTagItem("url.query"));
    }

    public static HttpRequestMessage Traced(ActivityTraceId traceId, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return request;
    }

    private static bool IsServerSpan(Activity span) =>
        span.Source.Name == HttpServerSpanRedaction.AspNetCoreSourceName && span.Kind == ActivityKind.Server;

    private static bool IsFactoryCall(Activity span) =>
        span.Source.Name == "Microsoft.Orleans.Application" && span.DisplayName.StartsWith("ILinkSessionFactoryGrain/", StringComparison.Ordinal);
}
