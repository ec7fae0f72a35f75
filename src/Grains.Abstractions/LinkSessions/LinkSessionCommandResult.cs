namespace Nox.LinkSessions;

/// <summary>The result of expiring or completing a session: the outcome and the session afterwards.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCommandResult")]
public sealed record LinkSessionCommandResult(
    [property: Id(0)] LinkSessionOutcome Outcome,
    [property: Id(1)] LinkSession? Session)
{
    public static LinkSessionCommandResult NotFound { get; } = new(LinkSessionOutcome.NotFound, null);
}
