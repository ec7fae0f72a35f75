namespace Nox.Api.Ui;

/// <summary>
/// Headers for everything the Authenticator serves. The token is a bearer credential in the page's URL:
/// no referrer may carry it away, no cache may keep the page, no other site may frame it, and the page
/// runs only its own script and style. Set when the response starts, so error responses get them too.
/// </summary>
public static class AuthenticatorSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseAuthenticatorSecurityHeaders(this IApplicationBuilder app) => app.Use(next => context =>
    {
        var path = context.Request.Path;
        var asset = path.StartsWithSegments(AuthenticatorPageEndpoint.Path, out var rest) && rest.HasValue && rest != "/";
        if (path.StartsWithSegments(AuthenticatorPageEndpoint.Path) || path.StartsWithSegments(LinkSessions.LinkSessionCompletionEndpoints.Path))
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["Referrer-Policy"] = "no-referrer";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // Assets hold no secret: revalidate them (ETag) rather than download them every time.
                headers.CacheControl = asset ? "no-cache" : "no-store";
                return Task.CompletedTask;
            });
        }

        return next(context);
    });
}
