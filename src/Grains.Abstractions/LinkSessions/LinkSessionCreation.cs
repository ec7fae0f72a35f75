namespace Nox.LinkSessions;

/// <summary>One session to open: the grain key of its token and what the supplier asked for.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCreation")]
public sealed record LinkSessionCreation(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] NewLinkSession Session);
