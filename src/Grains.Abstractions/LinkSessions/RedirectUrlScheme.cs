using System.Text.RegularExpressions;

namespace Nox.LinkSessions;

/// <summary>
/// Which redirect URLs are acceptable at all, before any allow-list: the API checks it on create (and
/// states <see cref="Pattern"/> in its OpenAPI document), and a silo refuses supplier configuration that
/// allows a URL it would fail.
/// </summary>
public static partial class RedirectUrlScheme
{
    /// <summary>
    /// The start every acceptable redirect URL has: https, or http to the user's own machine (for
    /// development). ASCII only, so it means the same as an ECMA-262 pattern in the OpenAPI document.
    /// </summary>
    public const string Pattern = @"^(https://|http://(localhost|127\.0\.0\.1)(:[0-9]+)?([/?#]|$))";

    /// <summary>An absolute URL that starts as <see cref="Pattern"/> says.</summary>
    public static bool IsAcceptable(string url) =>
        PatternRegex().IsMatch(url)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1"));

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex PatternRegex();
}
