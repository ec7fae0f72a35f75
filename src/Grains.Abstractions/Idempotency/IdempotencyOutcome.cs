namespace Nox.Idempotency;

/// <summary>What a request under an <c>Idempotency-Key</c> got; the HTTP layer maps each to one answer.</summary>
[GenerateSerializer]
[Alias("nox.IdempotencyOutcome")]
public enum IdempotencyOutcome
{
    /// <summary>A new session was opened (201).</summary>
    Created = 0,

    /// <summary>The key's first session, answered again (the first 201, with <c>Idempotent-Replayed</c>).</summary>
    Replayed = 1,

    /// <summary>Another request under the key is being processed (409).</summary>
    InFlight = 2,

    /// <summary>The key was used for a different request (422).</summary>
    Mismatch = 3,
}
