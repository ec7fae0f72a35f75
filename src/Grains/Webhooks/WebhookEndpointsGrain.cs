using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;

namespace Nox.Webhooks;

/// <summary>
/// One supplier's webhook endpoints, in memory after one read. Every change is one storage write; a failed write
/// leaves the activation to be re-read. The test call interleaves with the rest (it only reads).
/// </summary>
public sealed class WebhookEndpointsGrain(
    [PersistentState("endpoints", GrainStorageNames.Webhooks)] IPersistentState<WebhookEndpointsState> endpoints,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    WebhookAddressPolicy addresses,
    WebhookSender sender,
    WebhookTelemetry telemetry) : Grain, IWebhookEndpointsGrain
{
    private const string UrlField = "url";
    private const string EventsField = "events";

    private List<WebhookEndpointState> All => endpoints.State.Endpoints;

    private string Supplier => this.GetPrimaryKeyString();

    public async Task<WebhookEndpointResult> CreateAsync(string url, ImmutableArray<WebhookEventType> events)
    {
        if (All.Count >= WebhookEndpointLimits.MaxEndpoints)
        {
            return new WebhookEndpointResult(WebhookEndpointOutcome.LimitReached, Error: $"A supplier has at most {WebhookEndpointLimits.MaxEndpoints} webhook endpoints.");
        }

        if (await addresses.RefuseAsync(url) is { } refusal)
        {
            return WebhookEndpointResult.Invalid(refusal, UrlField);
        }

        var endpoint = new WebhookEndpointState
        {
            Id = WebhookIds.NewEndpoint(),
            Url = url,
            Events = Normalize(events),
            CreatedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
            Secret = WebhookSecret.Generate(),
        };
        All.Add(endpoint);
        await WriteAsync();
        return new WebhookEndpointResult(WebhookEndpointOutcome.Succeeded, endpoint.ToEndpoint(), endpoint.Secret);
    }

    public Task<ImmutableArray<WebhookEndpoint>> ListAsync() => Task.FromResult(All.Select(e => e.ToEndpoint()).ToImmutableArray());

    public async Task<WebhookEndpointResult> UpdateAsync(string id, WebhookEndpointChange change)
    {
        if (Find(id) is not { } endpoint)
        {
            return WebhookEndpointResult.NotFound;
        }

        if (change.Url is { } url && !string.Equals(url, endpoint.Url, StringComparison.Ordinal) && await addresses.RefuseAsync(url) is { } refusal)
        {
            return WebhookEndpointResult.Invalid(refusal, UrlField);
        }

        if (change.Events is { IsEmpty: true })
        {
            return WebhookEndpointResult.Invalid("events must name at least one event type.", EventsField);
        }

        endpoint.Url = change.Url ?? endpoint.Url;
        endpoint.Events = change.Events is { } events ? Normalize(events) : endpoint.Events;
        endpoint.Enabled = change.Enabled ?? endpoint.Enabled;
        await WriteAsync();
        return new WebhookEndpointResult(WebhookEndpointOutcome.Succeeded, endpoint.ToEndpoint());
    }

    public async Task<bool> DeleteAsync(string id)
    {
        if (Find(id) is not { } endpoint)
        {
            return false;
        }

        All.Remove(endpoint);
        await WriteAsync();
        return true;
    }

    public async Task<WebhookEndpointResult> RotateSecretAsync(string id)
    {
        if (Find(id) is not { } endpoint)
        {
            return WebhookEndpointResult.NotFound;
        }

        endpoint.PreviousSecret = endpoint.Secret;
        endpoint.PreviousSecretExpiresAt = (clock.GetUtcNow() + WebhookEndpointLimits.RotatedSecretLifetime).ToUnixTimeSeconds();
        endpoint.Secret = WebhookSecret.Generate();
        await WriteAsync();
        return new WebhookEndpointResult(WebhookEndpointOutcome.Succeeded, endpoint.ToEndpoint(), endpoint.Secret);
    }

    public async Task<WebhookTestResult?> TestAsync(string id)
    {
        if (Find(id) is not { } endpoint)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var eventId = WebhookIds.NewEvent();
        var body = WebhookEventBodies.Write(eventId, WebhookEventType.WebhookTest, now.ToUnixTimeSeconds(), data => data.WriteString("endpoint_id", endpoint.Id));
        var testEvent = new WebhookEvent(eventId, WebhookEventType.WebhookTest, Supplier, now.ToUnixTimeMilliseconds(), body, System.Diagnostics.Activity.Current?.Id);
        var attempt = await sender.SendAsync(endpoint.ToTarget(now.ToUnixTimeSeconds()), testEvent, attemptNumber: 1);
        return new WebhookTestResult(attempt.Delivered, attempt.StatusCode, attempt.Error);
    }

    public Task<ImmutableArray<WebhookTarget>> GetTargetsAsync()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return Task.FromResult(All.Select(e => e.ToTarget(now)).ToImmutableArray());
    }

    public async Task<bool> DisableAsync(string id)
    {
        if (Find(id) is not { Enabled: true } endpoint)
        {
            return false;
        }

        endpoint.Enabled = false;
        await WriteAsync();
        telemetry.EndpointDisabled();
        return true;
    }

    private WebhookEndpointState? Find(string id) => All.Find(e => string.Equals(e.Id, id, StringComparison.Ordinal));

    /// <summary>No duplicates, in contract order; none given means every type.</summary>
    private static ImmutableArray<WebhookEventType> Normalize(ImmutableArray<WebhookEventType> events) =>
        events.IsDefaultOrEmpty ? [.. WebhookEventTypes.All] : [.. events.Distinct().Order()];

    /// <summary>Storage may not hold the change after a failure: re-read it on the next call rather than guess.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await endpoints.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
