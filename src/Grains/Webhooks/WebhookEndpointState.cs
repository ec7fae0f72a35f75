using System.Collections.Immutable;

namespace Nox.Webhooks;

/// <summary>
/// The stored form of one endpoint. The secrets are stored because signing needs them; they leave the grain only
/// to sign (<see cref="WebhookTarget"/>) and, to the supplier, once: at creation and at rotation.
/// </summary>
[GenerateSerializer]
[Alias("nox.WebhookEndpointState")]
public sealed class WebhookEndpointState
{
    [Id(0)] public string Id { get; set; } = string.Empty;
    [Id(1)] public string Url { get; set; } = string.Empty;
    [Id(2)] public ImmutableArray<WebhookEventType> Events { get; set; } = [];
    [Id(3)] public bool Enabled { get; set; } = true;
    [Id(4)] public long CreatedAt { get; set; }
    [Id(5)] public string Secret { get; set; } = string.Empty;

    /// <summary>The secret before the last rotation, which still signs until <see cref="PreviousSecretExpiresAt"/>.</summary>
    [Id(6)] public string? PreviousSecret { get; set; }

    [Id(7)] public long PreviousSecretExpiresAt { get; set; }

    public WebhookEndpoint ToEndpoint() => new(Id, Url, Events, Enabled, CreatedAt);

    public WebhookTarget ToTarget(long now) => new(
        Id,
        Url,
        Events,
        Enabled,
        PreviousSecret is { } previous && now < PreviousSecretExpiresAt ? [Secret, previous] : [Secret]);
}

/// <summary>A supplier's endpoints, in creation order.</summary>
[GenerateSerializer]
[Alias("nox.WebhookEndpointsState")]
public sealed class WebhookEndpointsState
{
    [Id(0)] public List<WebhookEndpointState> Endpoints { get; set; } = [];
}
