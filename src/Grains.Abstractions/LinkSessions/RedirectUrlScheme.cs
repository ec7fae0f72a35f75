namespace Nox.LinkSessions;

/// <summary>
/// Which redirect URLs are acceptable at all, before any allow-list: the API checks it on create, and
/// a silo refuses supplier configuration that allows a URL it would fail.
/// </summary>
public static class RedirectUrlScheme
{
    /// <summary>An absolute https URL, or http to the user's own machine (for development).</summary>
    public static bool IsAcceptable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1"));
}
