using Microsoft.Extensions.Options;

namespace Nox.Api.Ui;

/// <summary>
/// Headers for everything the Authenticator serves. The token is a bearer credential in the page's URL:
/// no referrer may carry it away, no cache may keep the page, no other site may frame it, the page runs
/// only its own script and style and may use no powerful browser feature, and once the browser has seen
/// the service over https it never comes back over plain http. Set when the response starts, so error
/// responses get them too.
/// </summary>
public static class AuthenticatorSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Every feature a page could ask the browser for, denied to this page and anything it embeds.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), " +
        "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), " +
        "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), " +
        "usb=(), xr-spatial-tracking=()";

    /// <summary>One year. Browsers honour it only over https, so it is sent only when the public base URL is https.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public static IApplicationBuilder UseAuthenticatorSecurityHeaders(this IApplicationBuilder app)
    {
        // Decided from the public URL, not the request: behind a TLS-terminating proxy the request is http.
        var publicBaseUrl = app.ApplicationServices.GetRequiredService<IOptions<NoxApiOptions>>().Value.PublicBaseUrl;
        var https = Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var publicBase) && publicBase.Scheme == Uri.UriSchemeHttps;

        return app.Use(next => context =>
        {
            var path = context.Request.Path;
            // Assets are the files under /ui/ (authenticator.css, …); /ui/connect and /ui/callback are pages.
            var asset = path.StartsWithSegments(AuthenticatorPageEndpoint.Path, out var rest) && rest.HasValue && System.IO.Path.HasExtension(rest.Value);
            if (path.StartsWithSegments(AuthenticatorPageEndpoint.Path) || path.StartsWithSegments(LinkSessions.LinkSessionCompletionEndpoints.Path))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers["Referrer-Policy"] = "no-referrer";
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers["Permissions-Policy"] = PermissionsPolicy;
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    if (https)
                    {
                        headers.StrictTransportSecurity = StrictTransportSecurity;
                    }

                    // Assets hold no secret: revalidate them (ETag) rather than download them every time.
                    headers.CacheControl = asset ? "no-cache" : "no-store";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }
}
