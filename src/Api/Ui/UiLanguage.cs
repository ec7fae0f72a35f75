using Microsoft.Extensions.Primitives;
using Nox.LinkSessions;

namespace Nox.Api.Ui;

/// <summary>Which language a page speaks: a valid <c>language</c> query first, then the session's, then the default.</summary>
public static class UiLanguage
{
    public static Language? Requested(StringValues query) =>
        query.Count == 1 && Languages.TryParse(query[0], out var language) ? language : null;

    public static Language Choose(Language? requested, Language? session) => requested ?? session ?? Languages.Default;
}
