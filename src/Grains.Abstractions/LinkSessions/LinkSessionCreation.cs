using Nox.Idempotency;

namespace Nox.LinkSessions;

/// <summary>
/// One session to open: the grain key of its token and what the supplier asked for; for a creation under an
/// <c>Idempotency-Key</c>, the record to store beside the session, in the same pipeline; and the token itself,
/// which the session keeps in its stored state (never in a key) only so that its webhook events can show the
/// session as <c>GET</c> does, <c>link_token</c> and <c>link_url</c> included.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCreation")]
public sealed record LinkSessionCreation(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] NewLinkSession Session,
    [property: Id(2)] IdempotencyRecordWrite? Idempotency = null,
    [property: Id(3)] string? Token = null)
{
    /// <summary>No token in a log line or an exception message by accident.</summary>
    public override string ToString() => $"LinkSessionCreation {{ Supplier = {Session.Supplier} }}";
}
