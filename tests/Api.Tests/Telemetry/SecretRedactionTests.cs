using System.Net;
using System.Net.Http.Json;
using Nox.LinkSessions;
using OpenTelemetry.Metrics;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// API keys, link tokens and redirect data must leave the process through no telemetry: no span
/// attribute, log line (at any level, scopes included) or metric label or name.
/// </summary>
public abstract class SecretRedactionTests(TelemetryFixture fixture)
{
    [Collection(SplitTelemetryCollection.Name)]
    public sealed class Split(SplitTelemetryFixture fixture) : SecretRedactionTests(fixture);

    [Collection(CoHostedTelemetryCollection.Name)]
    public sealed class CoHosted(CoHostedTelemetryFixture fixture) : SecretRedactionTests(fixture);

    private const string WrongKey = "tk_live_wrong_0b1c2d3e4f5a6b7c";
    private const string RedirectData = "eyJub3hfdXNlcl9pZCI6InNlY3JldC1kYXRhIn0";

    [Fact]
    public async Task No_span_attribute_log_line_or_metric_contains_an_api_key_a_token_or_redirect_data()
    {
        using var client = fixture.CreateClient();
        using var wrongKey = fixture.CreateClient(WrongKey);
        var token = await fixture.CreateSessionAsync(client);
        var completed = await fixture.CreateSessionAsync(client);
        var unknown = LinkToken.Mint();

        // Every supplier answer, each error path, the UI's query string and the redirect data in paths and queries.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v2/supplier/link-sessions/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/supplier/link-sessions/{token}/expire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v2/supplier/link-sessions/{unknown}?data={RedirectData}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync($"/v2/supplier/link-sessions/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = token, redirect_url = $"{TelemetryFixture.RedirectUrl}?data={RedirectData}" })).StatusCode);
        await client.GetAsync($"/ui?token={token}&language=en");
        // A create under an Idempotency-Key and its replay: the key is a secret too (it unseals the stored token).
        var idempotencyKey = $"idem-{Guid.NewGuid():N}";
        var idempotentToken = await CreateIdempotentlyAsync(client, idempotencyKey);
        Assert.Equal(idempotentToken, await CreateIdempotentlyAsync(client, idempotencyKey));
        // The Authenticator's completion answers redirect_to with the real data.
        var viaPage = await fixture.CreateSessionAsync(client);
        var pageCompletion = await client.PostAsJsonAsync($"/v2/link-sessions/{viaPage}/complete", new { brand = "daikin" });
        Assert.Equal(HttpStatusCode.OK, pageCompletion.StatusCode);
        var pageData = DataOf(await pageCompletion.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
        Assert.NotNull(pageData);
        await client.GetAsync($"/return/{RedirectData}?data={RedirectData}");
        var grain = fixture.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(completed));
        Assert.Equal(LinkSessionOutcome.Succeeded, (await grain.CompleteAsync(Brand.Daikin)).Outcome);
        var metricsText = await client.GetStringAsync("/metrics");
        // A last request in a trace of our choosing: once its server span is exported, so are the others.
        var last = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var final = new HttpRequestMessage(HttpMethod.Get, $"/v2/supplier/link-sessions/{token}");
        final.Headers.Add("traceparent", $"00-{last}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");
        await client.SendAsync(final);
        await fixture.WaitForSpanAsync(s => s.TraceId == last && s.Kind == System.Diagnostics.ActivityKind.Server);

        string[] secrets = [TelemetryFixture.ApiKey, WrongKey, token, completed, unknown, viaPage, RedirectData, pageData, idempotencyKey, idempotentToken];
        var spanTexts = fixture.Spans.SelectMany(SpanTexts).ToList();
        var logTexts = fixture.ApiLogs.All.Concat(fixture.SiloLogs.All).Select(l => l.AllText).ToList();
        var metricTexts = fixture.CollectMetrics().SelectMany(MetricTexts).Append(metricsText).ToList();

        Assert.NotEmpty(spanTexts);
        Assert.NotEmpty(logTexts);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(spanTexts, t => t.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(logTexts, t => t.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(metricTexts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_log_capture_really_sees_every_level()
    {
        Assert.Contains(fixture.ApiLogs.All, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Trace);
        Assert.Contains(fixture.SiloLogs.All, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Trace);
    }

    private static async Task<string> CreateIdempotentlyAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/supplier/link-sessions")
        {
            Content = JsonContent.Create(new { user_id = "idempotent-user", redirect_url = TelemetryFixture.RedirectUrl }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("link_token").GetString()!;
    }

    /// <summary>The <c>data</c> query parameter of a completion's <c>redirect_to</c>.</summary>
    private static string? DataOf(System.Text.Json.JsonElement completion) =>
        completion.TryGetProperty("redirect_to", out var redirect) && redirect.GetString() is { } url
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue("data", out var data) ? data.ToString() : null
            : null;

    private static IEnumerable<string> SpanTexts(System.Diagnostics.Activity span)
    {
        yield return span.DisplayName;
        yield return span.OperationName;
        yield return span.StatusDescription ?? string.Empty;
        foreach (var tag in span.TagObjects)
        {
            yield return $"{tag.Key}={tag.Value}";
        }

        foreach (var item in span.Baggage)
        {
            yield return $"{item.Key}={item.Value}";
        }

        foreach (var spanEvent in span.Events)
        {
            yield return spanEvent.Name;
            foreach (var tag in spanEvent.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }

        foreach (var link in span.Links)
        {
            foreach (var tag in link.Tags ?? [])
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
    }

    private static IEnumerable<string> MetricTexts(Metric metric)
    {
        yield return $"{metric.MeterName} {metric.Name} {metric.Description} {metric.Unit}";
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
    }
}
