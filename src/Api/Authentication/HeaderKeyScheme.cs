namespace Nox.Api.Authentication;

/// <summary>
/// A credential carried as a key in one request header (<c>x-api-key</c>, <c>x-admin-key</c>): what the key is
/// worth is the subclass's to say. Endpoints opt in with <see cref="HeaderKeyEndpoints.RequireHeaderKey{TBuilder}"/>;
/// <see cref="HeaderKeyMiddleware"/> checks the key, and the OpenAPI documents declare the scheme
/// (<see cref="HeaderKeySecurityTransformer"/>).
/// </summary>
public abstract class HeaderKeyScheme
{
    /// <summary>The scheme's name in the OpenAPI documents.</summary>
    public abstract string Name { get; }

    /// <summary>The header that carries the key.</summary>
    public abstract string HeaderName { get; }

    /// <summary>What the key is and where to get one, for the OpenAPI documents.</summary>
    public abstract string Description { get; }

    /// <summary>The 401's detail for a key that is worth nothing.</summary>
    public abstract string RefusedMessage { get; }

    /// <summary>Whether <paramref name="key"/> is worth something; if so, notes on the request what it is (a feature).</summary>
    public abstract ValueTask<bool> AuthenticateAsync(HttpContext http, string key);
}
