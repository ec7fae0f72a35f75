using Nox.Idempotency;

namespace Nox.LinkSessions;

/// <summary>
/// One session to open: the grain key of its token and what the supplier asked for; and, for a creation
/// under an <c>Idempotency-Key</c>, the record to store beside the session, in the same pipeline.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCreation")]
public sealed record LinkSessionCreation(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] NewLinkSession Session,
    [property: Id(2)] IdempotencyRecordWrite? Idempotency = null);
