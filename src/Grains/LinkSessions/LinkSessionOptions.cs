namespace Nox.LinkSessions;

/// <summary>
/// Configuration section <c>Nox:LinkSessions</c>: a test hook, not an operator knob. The contract fixes a session's
/// lifetime at 600 s (<see cref="LinkSessionLifetime"/>), the default; process tests that watch lifetimes run out on
/// a real clock shorten it. The silo reads it when it creates a session (its <c>expires_at</c>, its expiry bucket).
/// </summary>
public sealed class LinkSessionOptions
{
    public const string Section = "Nox:LinkSessions";

    /// <summary><c>Nox:LinkSessions:Lifetime</c>: whole seconds, at least one.</summary>
    public TimeSpan Lifetime { get; set; } = LinkSessionLifetime.Duration;

    public long LifetimeSeconds => (long)Lifetime.TotalSeconds;

    public bool IsValid => Lifetime >= TimeSpan.FromSeconds(1) && Lifetime.Ticks % TimeSpan.TicksPerSecond == 0;
}
