namespace Nox.LinkSessions;

/// <summary>
/// The result of expiring or completing a session: the outcome, the session afterwards and, once the
/// session is completed, what its completion produced.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCommandResult")]
public sealed record LinkSessionCommandResult(
    [property: Id(0)] LinkSessionOutcome Outcome,
    [property: Id(1)] LinkSession? Session,
    [property: Id(2)] LinkSessionCompletion? Completion = null)
{
    public static LinkSessionCommandResult NotFound { get; } = new(LinkSessionOutcome.NotFound, null);
}
