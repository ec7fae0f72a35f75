namespace Nox.LinkSessions;

/// <summary>
/// What became of one creation of a batch: the session, or why its write failed. Creations of a
/// batch succeed or fail one by one, so one failed write fails only its own creation. A creation that
/// carried an idempotency record succeeds only when both writes do; <see cref="IdempotencyETag"/> is the
/// stored record's version when its write succeeded (whatever became of the session's), else null.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCreationResult")]
public sealed record LinkSessionCreationResult(
    [property: Id(0)] LinkSession? Session,
    [property: Id(1)] Exception? Failure,
    [property: Id(2)] string? IdempotencyETag = null)
{
    public static LinkSessionCreationResult Created(LinkSession session) => new(session, null);

    public static LinkSessionCreationResult Failed(Exception failure) => new(null, failure);
}
