namespace Nox.Api.LinkSessions;

public static class RedirectUrls
{
    /// <summary>An absolute https URL, or http to the user's own machine (for development).</summary>
    public static bool IsAcceptableScheme(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1"));

    /// <summary>The URL with one more query parameter, after <c>?</c> or <c>&amp;</c> as the URL needs.</summary>
    public static string AppendQuery(string url, string name, string value)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var (head, tail) = fragment < 0 ? (url, string.Empty) : (url[..fragment], url[fragment..]);
        var separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? string.Empty : "&";
        return $"{head}{separator}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}{tail}";
    }
}
