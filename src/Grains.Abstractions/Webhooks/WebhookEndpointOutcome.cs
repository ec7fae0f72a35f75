namespace Nox.Webhooks;

/// <summary>How a change to a supplier's endpoints ended; the HTTP layer maps each to one status.</summary>
[GenerateSerializer]
[Alias("nox.WebhookEndpointOutcome")]
public enum WebhookEndpointOutcome
{
    Succeeded = 0,
    NotFound = 1,

    /// <summary>The request breaks a rule (a URL that is refused); 400 with the field.</summary>
    Invalid = 2,

    /// <summary>The supplier already has <see cref="WebhookEndpointLimits.MaxEndpoints"/> endpoints; 409.</summary>
    LimitReached = 3,
}
