using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.Ui.Pages;
using Nox.Brands;
using Nox.LinkSessions;
using static Nox.Api.Ui.AuthenticatorPages;

namespace Nox.Api.Ui;

/// <summary>
/// <c>GET /ui?token=…&amp;language=…</c>: the connect page of a pending session, or a full page in the
/// same language for an unknown (404), expired (410) or completed (409) one. The token is the only
/// credential and is never logged.
/// </summary>
public static class AuthenticatorPageEndpoint
{
    public const string Path = "/ui";

    public static IEndpointRouteBuilder MapAuthenticatorPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, IClusterAccess cluster, TimeProvider time)
    {
        var query = http.Request.Query;
        var requested = UiLanguage.Requested(query["language"]);
        var tokens = query["token"];
        if (tokens.Count != 1 || !LinkToken.IsWellFormed(tokens[0]))
        {
            // Garbage never reaches a grain, and is never echoed into the page.
            return Message(http, MessageKind.NotFound, UiLanguage.Choose(requested, null), supplier: null, token: null);
        }

        var token = tokens[0]!;
        LinkSession? session;
        IReadOnlyCollection<Brand> authorizationBrands;
        try
        {
            // Opening records the first time the page is served (the link_session.opened webhook event).
            var sessionRead = cluster.Grains.Get<ILinkSessionGrain>(LinkToken.ToGrainKey(token)).OpenAsync();
            var brandsRead = cluster.Grains.Get<IBrandDirectoryGrain>(0).GetAuthorizationBrandsAsync();
            session = await sessionRead;
            authorizationBrands = await brandsRead;
        }
        catch (Exception exception) when (ClusterFailures.IsUnavailable(exception))
        {
            // The user gets a page in their language rather than the API's JSON 503.
            RetryAfter.Set(http.Response);
            return Message(http, MessageKind.Unavailable, UiLanguage.Choose(requested, null), supplier: null, token);
        }

        var language = UiLanguage.Choose(requested, session?.Language);
        return session?.Status switch
        {
            null => Message(http, MessageKind.NotFound, language, supplier: null, token: null),
            LinkSessionStatus.Expired => Message(http, MessageKind.Expired, language, session.Supplier, token),
            LinkSessionStatus.Completed => Message(http, MessageKind.Completed, language, session.Supplier, token),
            _ => Page<ConnectPage>(http, StatusCodes.Status200OK, language, ConnectPage.Parameters(session, token, language, time.GetUtcNow(), authorizationBrands)),
        };
    }
}
