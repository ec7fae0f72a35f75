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

    /// <summary>The brand connects through its manufacturer's consent page (<c>/ui/connect</c>), not by a direct completion.</summary>
    ConsentRequired = 4,
}
