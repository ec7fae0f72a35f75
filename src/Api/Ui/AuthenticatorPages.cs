using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Nox.Api.Ui.Pages;
using Nox.LinkSessions;

namespace Nox.Api.Ui;

/// <summary>How the Authenticator's endpoints answer with a page: its language in <c>Content-Language</c>, its status code.</summary>
public static class AuthenticatorPages
{
    public static IResult Message(HttpContext http, MessageKind kind, Language language, string? supplier, string? token, string? retryUrl = null) =>
        Page<MessagePage>(http, kind.StatusCode(), language, MessagePage.Parameters(kind, language, supplier, token, retryUrl));

    public static RazorComponentResult<TPage> Page<TPage>(HttpContext http, int status, Language language, Dictionary<string, object?> parameters)
        where TPage : IComponent
    {
        http.Response.Headers.ContentLanguage = language.ToCode();
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }
}
