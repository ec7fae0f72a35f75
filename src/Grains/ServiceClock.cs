namespace Nox;

/// <summary>
/// The key of the <see cref="TimeProvider"/> that domain rules (expiry, timestamps) read. Orleans uses
/// the unkeyed TimeProvider for its own timers, so tests replace only this one with a fake.
/// </summary>
public static class ServiceClock
{
    public const string Key = "nox";
}
