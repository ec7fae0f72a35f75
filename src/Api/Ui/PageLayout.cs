using Nox.LinkSessions;

namespace Nox.Api.Ui;

/// <summary>The frame every Authenticator page shares: head, NOX header with language switcher, main, footer.</summary>
public static class PageLayout
{
    public const string StylesheetPath = "/ui/authenticator.css";
    public const string ScriptPath = "/ui/authenticator.js";

    /// <param name="token">Links to the other languages need the token; null leaves the switcher out (no valid token).</param>
    /// <param name="withScript">Only the connect page runs script; message pages are plain HTML.</param>
    public static string Render(Language language, string title, HtmlContent main, string? token, bool withScript)
    {
        var text = UiTexts.For(language);
        var script = withScript ? Html.Of($"""<script src="{ScriptPath}" defer></script>""") : HtmlContent.Empty;
        return Html.Of($$"""
            <!doctype html>
            <html lang="{{language.ToCode()}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex, nofollow">
            <title>{{title}} · NOX</title>
            <link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="{{StylesheetPath}}">
            {{script}}
            </head>
            <body>
            <div class="shell">
            <header class="topbar">
            <p class="wordmark"><span class="wordmark__logo" aria-hidden="true"></span>NOX</p>
            {{LanguageSwitcher(language, text, token)}}
            </header>
            <main class="card" id="main">
            {{main}}
            </main>
            <footer class="footer"><p>{{text.Footer}}</p></footer>
            </div>
            </body>
            </html>

            """).Value;
    }

    private static HtmlContent LanguageSwitcher(Language current, UiText text, string? token)
    {
        if (token is null)
        {
            return HtmlContent.Empty;
        }

        var links = Enum.GetValues<Language>().Select(language =>
        {
            var code = language.ToCode();
            var name = UiTexts.For(language).LanguageName;
            var currentMark = language == current ? Html.Of($" aria-current=\"page\"") : HtmlContent.Empty;
            return Html.Of($"""<li><a href="/ui?token={token}&amp;language={code}" hreflang="{code}" lang="{code}"{currentMark}>{code.ToUpperInvariant()}<span class="visually-hidden"> {name}</span></a></li>""");
        });
        return Html.Of($"""<nav class="languages" aria-label="{text.LanguageNavigation}"><ul>{links}</ul></nav>""");
    }
}
