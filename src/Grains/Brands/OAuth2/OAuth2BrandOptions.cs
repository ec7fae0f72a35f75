namespace Nox.Brands.OAuth2;

/// <summary>
/// One brand's OAuth 2.0 connector: <c>Nox:Brands:&lt;brand-key&gt;:…</c> with <c>Kind=oauth2</c>
/// (docs/brand-connectors.md). Validated when the silo starts (<see cref="BrandsOptionsValidator"/>).
/// </summary>
public sealed class OAuth2BrandOptions
{
    /// <summary><c>oauth2</c>; <c>sandbox</c> (or no section) keeps the brand on the sandbox connector.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The manufacturer's consent page (the authorization endpoint).</summary>
    public string AuthorizationEndpoint { get; set; } = string.Empty;

    public string TokenEndpoint { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    /// <summary>Sent in the token request's form; empty for a public client (PKCE alone).</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Space-separated, as the <c>scope</c> parameter.</summary>
    public string Scopes { get; set; } = string.Empty;

    /// <summary>GET with the access token as <c>Bearer</c>; answers JSON.</summary>
    public string DevicesEndpoint { get; set; } = string.Empty;

    /// <summary>Where the device ids are in the devices answer (<see cref="JsonPathSubset"/>), such as <c>$.devices[*].id</c>.</summary>
    public string DeviceIdsPath { get; set; } = string.Empty;
}
