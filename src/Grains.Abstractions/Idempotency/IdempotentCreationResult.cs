using Nox.LinkSessions;

namespace Nox.Idempotency;

/// <summary>
/// The answer to a creation under an <c>Idempotency-Key</c>: the session as it was created, and for a
/// replay the sealed token of the first request, which the API unseals.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.IdempotentCreationResult")]
public sealed record IdempotentCreationResult(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] LinkSession? Session,
    [property: Id(2)] string? SealedToken)
{
    public static IdempotentCreationResult InFlight { get; } = new(IdempotencyOutcome.InFlight, null, null);

    public static IdempotentCreationResult Mismatch { get; } = new(IdempotencyOutcome.Mismatch, null, null);

    public static IdempotentCreationResult Created(LinkSession session) => new(IdempotencyOutcome.Created, session, null);

    public static IdempotentCreationResult Replayed(LinkSession session, string sealedToken) => new(IdempotencyOutcome.Replayed, session, sealedToken);
}
