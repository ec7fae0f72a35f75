namespace Nox.Api.RateLimits;

/// <summary><c>Nox:RateLimits:…</c>: the Authenticator's limit per client address.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "Nox:RateLimits";

    public const int DefaultAuthenticatorPerMinute = 300;

    /// <summary>Requests one client address may make to the Authenticator endpoints per minute.</summary>
    public int AuthenticatorPerMinute { get; set; } = DefaultAuthenticatorPerMinute;
}
