using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// One attempt to connect a brand through its manufacturer's consent page (OAuth 2.0 authorization code with
/// PKCE), keyed by the SHA-256 of its <c>state</c> (<see cref="AuthorizationState.ToGrainKey"/>): the state
/// itself, like a link token, never reaches a grain id. It holds the PKCE verifier and the redirect URI until
/// the user comes back, and it can be redeemed once: a second callback with the same state finds nothing.
/// </summary>
[Alias("nox.IBrandAuthorizationGrain")]
public interface IBrandAuthorizationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the attempt for the pending session whose grain key is <paramref name="sessionKey"/>: answers the
    /// manufacturer's authorization URL with everything but <c>state</c>, which the caller appends. Any other
    /// session status, or a brand without a consent page, is answered without starting.
    /// </summary>
    [Alias("Start")]
    Task<BrandAuthorizationResult> StartAsync(string sessionKey, Brand brand, string redirectUri);

    /// <summary>
    /// The user granted access: completes the session with the code under the session grain's rules (once,
    /// never after expiry). Throws <see cref="BrandConnectorUnavailableException"/> when the manufacturer
    /// fails or takes longer than its deadline; the session stays pending. Unknown or used: <see cref="BrandAuthorizationOutcome.UnknownState"/>.
    /// </summary>
    /// <remarks>The session's completion may take 15 s, so this call gets more than the default 5 s.</remarks>
    [Alias("Redeem")]
    [ResponseTimeout("00:00:20")]
    Task<BrandAuthorizationResult> RedeemAsync(string code);

    /// <summary>The manufacturer answered with an error (the user denied access, say): ends the attempt; the session stays pending.</summary>
    [Alias("Deny")]
    Task<BrandAuthorizationResult> DenyAsync();
}
