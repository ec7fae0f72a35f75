using Nox.LinkSessions;

namespace Nox.Idempotency;

/// <summary>
/// A creation under an <c>Idempotency-Key</c>: the session to open (the grain key of its new token and what
/// the supplier asked for), and the token sealed with a key derived from the <c>Idempotency-Key</c>, which
/// only the API holds. The record keeps only the sealed token, so a replay can answer the same token; the token
/// itself goes to the session's own state (as for any create), which its webhook events show as <c>GET</c> does.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.IdempotentLinkSessionCreation")]
public sealed record IdempotentLinkSessionCreation(
    [property: Id(0)] string SessionGrainKey,
    [property: Id(1)] NewLinkSession Session,
    [property: Id(2)] string SealedToken,
    [property: Id(3)] string? Token = null)
{
    /// <summary>No token in a log line or an exception message by accident.</summary>
    public override string ToString() => $"IdempotentLinkSessionCreation {{ Supplier = {Session.Supplier} }}";
}
