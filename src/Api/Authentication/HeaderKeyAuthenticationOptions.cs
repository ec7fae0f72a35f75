using Microsoft.AspNetCore.Authentication;

namespace Nox.Api.Authentication;

/// <summary>A scheme whose credential is a key in one request header (<c>x-api-key</c>, later <c>x-admin-key</c>).</summary>
public sealed class HeaderKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The header that carries the key.</summary>
    public string HeaderName { get; set; } = string.Empty;

    /// <summary>What the key is and where to get one, for the OpenAPI document's security scheme.</summary>
    public string Description { get; set; } = string.Empty;
}
