using Nox.Api.LinkSessions;

namespace Nox.Api.Ui;

public static class AuthenticatorApplicationExtensions
{
    /// <summary>What the Authenticator's pages need: Razor components rendered on the server, without interactivity.</summary>
    public static IServiceCollection AddAuthenticator(this IServiceCollection services)
    {
        services.AddRazorComponents();
        return services;
    }

    /// <summary>The Authenticator UI: its security headers, static assets, the page and the complete endpoint.</summary>
    public static WebApplication UseAuthenticator(this WebApplication app)
    {
        app.UseAuthenticatorSecurityHeaders();
        app.UseStaticFiles(UiAssets.StaticFileOptions);
        app.MapAuthenticatorPage();
        app.MapLinkSessionCompletion();
        return app;
    }
}
