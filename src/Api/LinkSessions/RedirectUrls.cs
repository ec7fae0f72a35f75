using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

public static class RedirectUrls
{
    /// <summary>The pattern the OpenAPI document states for <c>redirect_url</c>.</summary>
    public const string SchemePattern = RedirectUrlScheme.Pattern;

    /// <summary>An absolute https URL, or http to the user's own machine (for development).</summary>
    public static bool IsAcceptableScheme(string url) => RedirectUrlScheme.IsAcceptable(url);

    /// <summary>The URL with one more query parameter, after <c>?</c> or <c>&amp;</c> as the URL needs.</summary>
    public static string AppendQuery(string url, string name, string value)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var (head, tail) = fragment < 0 ? (url, string.Empty) : (url[..fragment], url[fragment..]);
        var separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? string.Empty : "&";
        return $"{head}{separator}{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}{tail}";
    }
}
