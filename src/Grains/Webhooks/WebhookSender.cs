using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Polly.Timeout;

namespace Nox.Webhooks;

/// <summary>
/// Makes one delivery attempt: a <c>POST</c> of the event's exact bytes with both schemes' signature headers,
/// through the <see cref="ClientName"/> client (no redirects, addresses checked at connect, a 15 s timeout).
/// Never throws for what the endpoint does: every outcome is a <see cref="WebhookAttempt"/>. One span per
/// attempt, linked to the trace of the change that caused the event. A sealed body is opened here, just before it
/// is signed and sent, and is never kept.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookBodySeal bodies, WebhookTelemetry telemetry)
{
    public const string ClientName = "nox-webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<WebhookAttempt> SendAsync(WebhookTarget target, WebhookEvent webhookEvent, int attemptNumber, CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity(target, webhookEvent, attemptNumber);
        var started = Stopwatch.GetTimestamp();
        var attempt = await AttemptAsync(target, webhookEvent, cancellationToken);
        telemetry.Attempted(webhookEvent.Type, attempt, Stopwatch.GetElapsedTime(started));
        if (activity is not null)
        {
            activity.SetTag("http.response.status_code", attempt.StatusCode);
            activity.SetTag("nox.webhook.outcome", attempt.Outcome);
            if (!attempt.Delivered)
            {
                activity.SetStatus(ActivityStatusCode.Error, attempt.Error);
            }
        }

        return attempt;
    }

    private async Task<WebhookAttempt> AttemptAsync(WebhookTarget target, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(bodies.Open(webhookEvent.Body));
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        // Receivers compare the timestamp with their own clock (replay protection): the real time, not the domain clock.
        foreach (var (name, value) in WebhookSignature.Headers(webhookEvent.Id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body, target.Secrets))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new WebhookAttempt((int)response.StatusCode, RetryAfterOf(response), response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (TimeoutRejectedException)
        {
            return new WebhookAttempt(null, null, $"timed out after {WebhookOptions.AttemptTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(null, null, "timed out");
        }
        catch (HttpRequestException exception)
        {
            // The message names the failure (refused, unreachable, TLS), not the request's content.
            return new WebhookAttempt(null, null, exception.HttpRequestError == HttpRequestError.Unknown ? "request failed" : $"connection error: {exception.HttpRequestError}");
        }
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is { } d && d > TimeSpan.Zero ? (d > WebhookOptions.MaxRetryAfter ? WebhookOptions.MaxRetryAfter : d) : null;
    }

    private static Activity? StartActivity(WebhookTarget target, WebhookEvent webhookEvent, int attemptNumber)
    {
        ActivityLink[]? links = webhookEvent.TraceParent is { } parent && ActivityContext.TryParse(parent, null, out var cause)
            ? [new ActivityLink(cause)]
            : null;
        // A root span: the delivery is its own trace, linked to the change that caused it. A default parent context
        // means Activity.Current (the grain call or timer that started the attempt), so that is cleared first; this
        // runs within SendAsync, whose caller keeps its own Activity.Current.
        Activity.Current = null;
        var activity = WebhookTelemetry.Source.StartActivity(ActivityKind.Client, parentContext: default, tags: null, links: links, name: "webhook deliver");
        activity?.SetTag("nox.webhook.event_id", webhookEvent.Id)
            .SetTag("nox.webhook.event_type", webhookEvent.Type.ToWireName())
            .SetTag("nox.webhook.endpoint_id", target.Id)
            .SetTag("nox.webhook.attempt", attemptNumber);
        return activity;
    }
}
