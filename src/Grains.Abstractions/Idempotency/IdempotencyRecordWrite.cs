namespace Nox.Idempotency;

/// <summary>
/// The idempotency record to store in the same storage pipeline as a new session (see
/// <see cref="LinkSessions.LinkSessionCreation.Idempotency"/>): under the <see cref="IIdempotencyKeyGrain"/>
/// <paramref name="GrainKey"/>, replacing the version <paramref name="ETag"/> (null: there is none).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.IdempotencyRecordWrite")]
public sealed record IdempotencyRecordWrite(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] string? ETag,
    [property: Id(2)] string SealedToken);
