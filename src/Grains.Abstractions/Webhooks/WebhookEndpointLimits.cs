namespace Nox.Webhooks;

public static class WebhookEndpointLimits
{
    /// <summary>The contract's most endpoints per supplier.</summary>
    public const int MaxEndpoints = 5;

    /// <summary>How long a rotated secret keeps signing beside the new one.</summary>
    public static readonly TimeSpan RotatedSecretLifetime = TimeSpan.FromHours(24);
}
