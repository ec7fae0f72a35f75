namespace Nox.LinkSessions;

/// <summary>How long a link session can be completed after it is created: the contract's 600 s.</summary>
public static class LinkSessionLifetime
{
    public const long Seconds = 600;

    public static TimeSpan Duration { get; } = TimeSpan.FromSeconds(Seconds);
}
