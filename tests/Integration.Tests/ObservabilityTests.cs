using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>
/// What an operator sees of the real processes: Prometheus metrics of both, OTLP export to a collector,
/// console logs; and that none of it carries an API key or a link token.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ObservabilityTests(RedisFixture fixture)
{
    private const string WrongKey = "integration-wrong-key-5c1e";

    [Fact]
    public async Task Both_processes_serve_prometheus_metrics_with_the_domain_counters_and_no_secret()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync();
        var api = await nox.StartApiAsync();
        var token = await ExerciseAsync(api);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // The exporter caches a scrape for a moment; wait for the counters to show up.
        var siloMetrics = await Eventually.UntilAsync(
            () => http.GetStringAsync(new Uri(silo.Url, "/metrics")),
            text => text.Contains("nox_link_sessions_expired_total", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15));
        var apiMetrics = await Eventually.UntilAsync(
            () => http.GetStringAsync(new Uri(api.Url, "/metrics")),
            text => text.Contains("nox_requests_rejected_total", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15));

        Assert.Matches("""(?m)^nox_link_sessions_created_total\{[^}]*supplier="acme"[^}]*\} 2$""", siloMetrics);
        Assert.Matches("""(?m)^nox_link_sessions_expired_total\{[^}]*cause="supplier"[^}]*supplier="acme"[^}]*\} 1$""", siloMetrics);
        Assert.Matches("""(?m)^nox_requests_rejected_total\{[^}]*reason="auth"[^}]*\} 1$""", apiMetrics);
        Assert.Matches("""(?m)^nox_requests_rejected_total\{[^}]*reason="validation"[^}]*\} 1$""", apiMetrics);
        foreach (var metrics in new[] { siloMetrics, apiMetrics })
        {
            Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
            Assert.Contains("dotnet_gc_collections_total", metrics, StringComparison.Ordinal);
            Assert.Contains("orleans_", metrics, StringComparison.Ordinal);
            AssertNoSecret(metrics, token);
        }
    }

    [Fact]
    public async Task A_healthy_service_writes_nothing_at_information_while_it_is_probed_and_scraped()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync();
        var api = await nox.StartApiAsync();
        await ExerciseAsync(api);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // The last request of the exercise (a 400) is the last line the API writes for it.
        Assert.True(await WroteAsync(api, l => l.Contains("answered 400", StringComparison.Ordinal)), "the API logged the exercise's last request");
        var siloBefore = silo.Child.AllLines.Count;
        var apiBefore = api.Child.AllLines.Count;

        for (var i = 0; i < 10; i++)
        {
            foreach (var process in new[] { silo, api })
            {
                Assert.True((await http.GetAsync(new Uri(process.Url, "/healthz"))).IsSuccessStatusCode);
                Assert.True((await http.GetAsync(new Uri(process.Url, "/metrics"))).IsSuccessStatusCode);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Empty(silo.Child.AllLines.Skip(siloBefore));
        Assert.Empty(api.Child.AllLines.Skip(apiBefore));
    }

    [Fact]
    public async Task Neither_process_writes_a_key_or_a_token_to_its_console_even_at_trace_level_with_scopes()
    {
        var everything = new Dictionary<string, string?>
        {
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__Orleans"] = "Trace",
            ["Logging__LogLevel__Orleans.Runtime.Silo"] = "Trace",
            ["Logging__LogLevel__Orleans.Hosting"] = "Trace",
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Trace",
            ["Logging__LogLevel__Polly"] = "Trace",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            // Every request's line, not a sample of the successful ones: each line is checked for secrets.
            ["Nox__RequestLog__SuccessSampleRate"] = "1",
        };
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync(everything);
        var api = await nox.StartApiAsync(everything);

        var token = await ExerciseAsync(api);
        using var anonymous = api.CreateClient(apiKey: null);
        await anonymous.GetAsync($"/ui?token={token}&language=en");
        await anonymous.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "daikin" });
        Assert.True(await WroteAsync(api, l => l.Contains("/v2/link-sessions/{link_token}/complete answered", StringComparison.Ordinal)), "the API logged the completion");
        await FlushedAsync(silo);
        await FlushedAsync(api);

        var lines = silo.Child.AllLines.Concat(api.Child.AllLines).ToList();
        Assert.Contains(lines, l => l.Contains("\"LogLevel\":\"Trace\"", StringComparison.Ordinal));
        Assert.Contains(api.Child.AllLines, l => l.Contains("/v2/supplier/link-sessions/{link_token}/expire", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            AssertNoSecret(line, token);
        }
    }

    [Fact]
    public async Task With_an_otlp_endpoint_a_request_is_one_trace_from_the_api_through_the_grain_to_redis()
    {
        await using var collector = new OtlpReceiver();
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync(collector.Environment("nox-silo"));
        var api = await nox.StartApiAsync(collector.Environment("nox-api"));
        var token = await ExerciseAsync(api);

        using var client = api.CreateClient();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/supplier/link-sessions")
        {
            Content = JsonContent.Create(new { user_id = "traced", redirect_url = NoxProcesses.RedirectUrl }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var traced = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, traced.StatusCode);
        var tracedToken = (await traced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;

        // Redis spans are written when the instrumentation drains its profiling sessions (every 10 s).
        var trace = await Eventually.UntilAsync(
            () => Task.FromResult(collector.Spans().Where(s => s.TraceId == traceId).ToList()),
            spans => spans.Any(IsRedis),
            TimeSpan.FromSeconds(40),
            TimeSpan.FromMilliseconds(500));

        var server = Assert.Single(trace, s => s.ServiceName == "nox-api" && s.Kind == OtlpSpan.ServerKind);
        Assert.Equal("POST /v2/supplier/link-sessions/", server.Name);
        var call = Assert.Single(trace, s => s.ServiceName == "nox-api" && s.Kind == OtlpSpan.ClientKind && s.Name.StartsWith("ILinkSessionFactoryGrain/", StringComparison.Ordinal));
        Assert.Equal(server.SpanId, call.ParentSpanId);
        var grain = Assert.Single(trace, s => s.ServiceName == "nox-silo" && s.Kind == OtlpSpan.ServerKind && s.Name.StartsWith("ILinkSessionFactoryGrain/", StringComparison.Ordinal));
        Assert.Equal(call.SpanId, grain.ParentSpanId);
        Assert.Contains(trace, s => s.ServiceName == "nox-silo" && IsRedis(s));

        await Eventually.UntilAsync(() => Task.FromResult(collector.Bodies("logs").Count), count => count > 0, TimeSpan.FromSeconds(10));
        await Eventually.UntilAsync(() => Task.FromResult(collector.Bodies("metrics").Count), count => count > 0, TimeSpan.FromSeconds(10));
        foreach (var body in collector.Bodies("traces").Concat(collector.Bodies("metrics")).Concat(collector.Bodies("logs")))
        {
            foreach (var secret in new[] { NoxProcesses.ApiKey, WrongKey, token, tracedToken })
            {
                Assert.True(body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"An OTLP export contains {secret}.");
            }
        }
    }

    private static bool IsRedis(OtlpSpan span) =>
        span.Attributes.Any(a => a.Key.StartsWith("db.system", StringComparison.Ordinal) && a.Value == "redis");

    /// <summary>A create (and a retry until the API is connected), a read, an expire, a 401 and a 400; returns the token.</summary>
    private static async Task<string> ExerciseAsync(NoxProcess api)
    {
        using var client = api.CreateClient();
        using var wrongKey = api.CreateClient(WrongKey);
        var created = await Eventually.UntilAsync(() => api.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await api.CreateSessionAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v2/supplier/link-sessions/{token}?data=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/supplier/link-sessions/{token}/expire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync($"/v2/supplier/link-sessions/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = token })).StatusCode);
        return token;
    }

    /// <summary>Waits until the process has written a line that matches; false if it has not within 10 s.</summary>
    private static async Task<bool> WroteAsync(NoxProcess process, Func<string, bool> match) =>
        await Eventually.UntilAsync(() => Task.FromResult(process.Child.AllLines.Any(match)), wrote => wrote, TimeSpan.FromSeconds(10));

    /// <summary>
    /// Returns once every line the process wrote before the call is in its captured output: a console
    /// logger writes in order, and a probe made now is logged (at Debug, so at these levels) after them.
    /// </summary>
    private static async Task FlushedAsync(NoxProcess process)
    {
        static bool IsProbe(string line) => line.Contains("GET /healthz answered", StringComparison.Ordinal);
        var probesBefore = process.Child.AllLines.Count(IsProbe);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.True((await http.GetAsync(new Uri(process.Url, "/healthz"))).IsSuccessStatusCode);
        var probes = await Eventually.UntilAsync(() => Task.FromResult(process.Child.AllLines.Count(IsProbe)), count => count > probesBefore, TimeSpan.FromSeconds(10));
        Assert.True(probes > probesBefore, $"{process.Child.Name} did not log the probe");
    }

    private static void AssertNoSecret(string text, string token)
    {
        Assert.DoesNotContain(NoxProcesses.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
    }
}
