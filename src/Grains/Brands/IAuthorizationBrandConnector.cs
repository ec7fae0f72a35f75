namespace Nox.Brands;

/// <summary>
/// A connector whose user grants access on the manufacturer's consent page (OAuth 2.0 authorization code with
/// PKCE): the Authenticator sends the user to <see cref="AuthorizationUrl"/>, and <see cref="IBrandConnector.ConnectAsync"/>
/// gets what the user granted in <see cref="BrandAccount.Grant"/>.
/// </summary>
public interface IAuthorizationBrandConnector : IBrandConnector
{
    /// <summary>The consent page's URL with every parameter but <c>state</c>, which the Authenticator appends.</summary>
    string AuthorizationUrl(string redirectUri, string codeChallenge);
}
