using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Nox.Telemetry;
using Nox.Testing.Webhooks;

namespace Nox.Api.Tests.Webhooks;

/// <summary>
/// Each delivery attempt is a span of its own trace, linked to the trace of the request whose change caused the
/// event, and none of its tags carries a secret, a signature, the body or the link token.
/// </summary>
public abstract class WebhookTracingTests(WebhookApiFixture fixture)
{
    [Collection(SplitWebhookApiCollection.Name)]
    public sealed class Split(SplitWebhookApiFixture fixture) : WebhookTracingTests(fixture);

    [Collection(CoHostedWebhookApiCollection.Name)]
    public sealed class CoHosted(CoHostedWebhookApiFixture fixture) : WebhookTracingTests(fixture);

    [Fact]
    public async Task A_delivery_span_links_to_the_trace_of_the_request_that_completed_or_expired_the_session_and_carries_no_secret()
    {
        using var spans = new RecordedSpans(NoxTelemetry.WebhooksActivitySource);
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        var secret = (await supplier.CreateEndpointAsync(url, "link_session.completed", "link_session.expired")).GetProperty("secret").GetString()!;
        var completed = await supplier.CreateSessionAsync();
        var expired = await supplier.CreateSessionAsync();
        var completing = ActivityTraceId.CreateRandom();
        var expiring = ActivityTraceId.CreateRandom();
        using var page = fixture.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await page.SendAsync(Traced(completing, HttpMethod.Post, $"/v2/link-sessions/{completed}/complete", JsonContent.Create(new { brand = "daikin" })))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supplier.Http.SendAsync(Traced(expiring, HttpMethod.Post, $"/v2/supplier/link-sessions/{expired}/expire"))).StatusCode);

        var received = await fixture.Receiver.WaitForAsync(url, count: 2);
        foreach (var (type, token, cause) in new[] { ("link_session.completed", completed, completing), ("link_session.expired", expired, expiring) })
        {
            var delivered = Assert.Single(received, r => r.Type == type);
            var span = await spans.WaitForAsync(s => Equals(s.GetTagItem("nox.webhook.event_id"), delivered.Id));
            Assert.Equal(cause, Assert.Single(span.Links).Context.TraceId);
            // A trace of its own: the delivery happens later and elsewhere, linked, not a child.
            Assert.NotEqual(cause, span.TraceId);
            Assert.Equal(default, span.ParentSpanId);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(type, span.GetTagItem("nox.webhook.event_type"));
            Assert.Equal(200, span.GetTagItem("http.response.status_code"));
            var secrets = new[]
            {
                token,
                secret,
                secret["whsec_".Length..],
                delivered.Headers["X-Webhook-Signature"]["sha256=".Length..],
                delivered.Headers["webhook-signature"]["v1,".Length..],
                delivered.BodyText,
                delivered.Json.GetProperty("data").GetRawText(),
            };
            var texts = span.TagObjects.Select(t => Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? string.Empty)
                .Append(span.DisplayName)
                .Append(span.StatusDescription ?? string.Empty)
                .Concat(span.Events.Select(e => e.Name));
            foreach (var text in texts)
            {
                Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>A request that continues the trace <paramref name="traceId"/> (a <c>traceparent</c> header).</summary>
    private static HttpRequestMessage Traced(ActivityTraceId traceId, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return request;
    }
}
