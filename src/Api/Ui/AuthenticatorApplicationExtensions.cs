using Nox.Api.LinkSessions;
using Nox.Api.RateLimits;
using Nox.Api.Ui.BrandConnect;

namespace Nox.Api.Ui;

public static class AuthenticatorApplicationExtensions
{
    /// <summary>What the Authenticator's pages need: Razor components rendered on the server, without interactivity.</summary>
    public static IServiceCollection AddAuthenticator(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<ConnectState>();
        return services;
    }

    /// <summary>The Authenticator UI: its security headers, static assets, the page, the consent-page round trip and the complete endpoint, limited per client address.</summary>
    public static WebApplication UseAuthenticator(this WebApplication app)
    {
        app.UseAuthenticatorSecurityHeaders();
        app.UseStaticFiles(UiAssets.StaticFileOptions);
        // Only endpoints that ask for it (the Authenticator's, below) are limited; assets are not.
        app.UseRateLimiter();
        var limited = app.MapGroup(string.Empty).RequireRateLimiting(AuthenticatorRateLimit.PolicyName)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        limited.MapAuthenticatorPage();
        limited.MapBrandConnect();
        limited.MapLinkSessionCompletion();
        return app;
    }
}
