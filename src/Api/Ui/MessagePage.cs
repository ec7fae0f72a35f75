using System.Globalization;
using Nox.LinkSessions;

namespace Nox.Api.Ui;

/// <summary>The pages a link can end on instead of the connect page.</summary>
public enum MessageKind
{
    NotFound,
    Expired,
    Completed,
    Unavailable,
}

/// <summary>A full page for an unknown, expired or used link (or an unavailable service), in the page's language.</summary>
public static class MessagePage
{
    public static int StatusCode(MessageKind kind) => kind switch
    {
        MessageKind.NotFound => StatusCodes.Status404NotFound,
        MessageKind.Expired => StatusCodes.Status410Gone,
        MessageKind.Completed => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <param name="supplier">Named in the expired message; null when the session is unknown.</param>
    /// <param name="token">Only a well-formed token of an existing session; it is used in the language links.</param>
    public static string Render(MessageKind kind, Language language, string? supplier, string? token)
    {
        var text = UiTexts.For(language);
        var (title, message) = kind switch
        {
            MessageKind.NotFound => (text.NotFoundTitle, text.NotFoundMessage),
            MessageKind.Expired => (text.ExpiredTitle, string.Format(CultureInfo.InvariantCulture, text.ExpiredMessage, supplier ?? "NOX")),
            MessageKind.Completed => (text.CompletedTitle, text.CompletedMessage),
            _ => (text.UnavailableTitle, text.UnavailableMessage),
        };
        var modifier = kind.ToString().ToLowerInvariant();
        var main = Html.Of($"""
            <div class="status status--{modifier}">
            <span class="status__icon" aria-hidden="true">{Icon(kind)}</span>
            <h1>{title}</h1>
            <p class="lead">{message}</p>
            </div>
            """);
        return PageLayout.Render(language, title, main, token, withScript: false);
    }

    private static HtmlContent Icon(MessageKind kind)
    {
        var shape = kind switch
        {
            MessageKind.Expired => """<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>""",
            MessageKind.Completed => """<circle cx="12" cy="12" r="9"/><path d="M8 12.5l2.8 2.8L16.5 9.5"/>""",
            MessageKind.NotFound => """<circle cx="12" cy="12" r="9"/><path d="M9.6 9.3a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.4"/><path d="M12 16.8h.01"/>""",
            _ => """<path d="M12 3.5 2.5 20h19z"/><path d="M12 10v4"/><path d="M12 17h.01"/>""",
        };
        return new($"""<svg viewBox="0 0 24 24" width="32" height="32" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{shape}</svg>""");
    }
}
