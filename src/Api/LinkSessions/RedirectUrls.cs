using System.Text.RegularExpressions;

namespace Nox.Api.LinkSessions;

public static partial class RedirectUrls
{
    /// <summary>
    /// The start every acceptable redirect URL has: https, or http to the user's own machine (for
    /// development). ASCII only, so it means the same as an ECMA-262 pattern in the OpenAPI document.
    /// </summary>
    public const string SchemePattern = @"^(https://|http://(localhost|127\.0\.0\.1)(:[0-9]+)?([/?#]|$))";

    /// <summary>An absolute URL that starts as <see cref="SchemePattern"/> says.</summary>
    public static bool IsAcceptableScheme(string url) =>
        SchemeRegex().IsMatch(url)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
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

    [GeneratedRegex(SchemePattern, RegexOptions.CultureInvariant)]
    private static partial Regex SchemeRegex();
}
