namespace Nox.Webhooks;

/// <summary>What one attempt met: a status code (and its <c>Retry-After</c>), or an error (timeout, connection) and no status.</summary>
public sealed record WebhookAttempt(int? StatusCode, TimeSpan? RetryAfter, string? Error)
{
    public bool Delivered => StatusCode is >= 200 and < 300;

    /// <summary>The contract: 410 disables the endpoint.</summary>
    public bool Gone => StatusCode == 410;

    /// <summary>5xx, 408, 429, timeouts and connection errors are worth another attempt; other statuses are final.</summary>
    public bool Retryable => StatusCode is null or >= 500 or 408 or 429;

    /// <summary>The outcome as metrics name it.</summary>
    public string Outcome => Delivered ? "delivered" : Gone ? "gone" : Retryable ? (StatusCode is null ? "error" : "retryable_status") : "rejected";
}
