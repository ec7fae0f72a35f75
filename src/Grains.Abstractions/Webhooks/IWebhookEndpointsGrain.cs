using Orleans.Concurrency;
using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>One supplier's webhook endpoints (at most <see cref="WebhookEndpointLimits.MaxEndpoints"/>), keyed by the supplier's name.</summary>
[Alias("nox.IWebhookEndpointsGrain")]
public interface IWebhookEndpointsGrain : IGrainWithStringKey
{
    /// <summary>Adds an endpoint subscribed to <paramref name="events"/> (all types when empty); the result carries its secret.</summary>
    [Alias("Create")]
    Task<WebhookEndpointResult> CreateAsync(string url, ImmutableArray<WebhookEventType> events);

    [Alias("List")]
    Task<ImmutableArray<WebhookEndpoint>> ListAsync();

    [Alias("Update")]
    Task<WebhookEndpointResult> UpdateAsync(string id, WebhookEndpointChange change);

    /// <summary>False when there is no such endpoint.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string id);

    /// <summary>A new secret; the previous one keeps signing beside it for <see cref="WebhookEndpointLimits.RotatedSecretLifetime"/>.</summary>
    [Alias("RotateSecret")]
    Task<WebhookEndpointResult> RotateSecretAsync(string id);

    /// <summary>
    /// Sends a <c>webhook.test</c> event to the endpoint now, once, and tells what it answered; null when there is
    /// no such endpoint. Interleaves: an endpoint that takes its 15 s does not hold up the supplier's other calls.
    /// </summary>
    [Alias("Test")]
    [AlwaysInterleave]
    [ResponseTimeout("00:00:25")]
    Task<WebhookTestResult?> TestAsync(string id);

    /// <summary>The endpoints with their signing secrets, for delivery (silos only).</summary>
    [Alias("GetTargets")]
    [AlwaysInterleave]
    Task<ImmutableArray<WebhookTarget>> GetTargetsAsync();

    /// <summary>Disables the endpoint (it answered 410 Gone); false when it is gone or was already disabled.</summary>
    [Alias("Disable")]
    Task<bool> DisableAsync(string id);
}
