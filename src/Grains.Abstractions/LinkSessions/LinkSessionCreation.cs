namespace Nox.LinkSessions;

/// <summary>
/// One session to open: the grain key of its token, what the supplier asked for, and the token itself, which the
/// session keeps in its stored state (never in a key) only so that its webhook events can show the session as
/// <c>GET</c> does, <c>link_token</c> and <c>link_url</c> included.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCreation")]
public sealed record LinkSessionCreation(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] NewLinkSession Session,
    [property: Id(2)] string? Token = null)
{
    /// <summary>No token in a log line or an exception message by accident.</summary>
    public override string ToString() => $"LinkSessionCreation {{ Supplier = {Session.Supplier} }}";
}
