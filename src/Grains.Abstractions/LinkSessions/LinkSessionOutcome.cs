namespace Nox.LinkSessions;

/// <summary>How a command on a link session ended; the HTTP layer maps each to one status code.</summary>
[GenerateSerializer]
[Alias("nox.LinkSessionOutcome")]
public enum LinkSessionOutcome
{
    Succeeded = 0,
    NotFound = 1,
    AlreadyCompleted = 2,
    AlreadyExpired = 3,
}
