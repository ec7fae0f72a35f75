using Nox.Api.Administration;
using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.Api.LinkSessions;
using Nox.Api.OpenApi;
using Nox.Api.RateLimits;
using Nox.Api.Suppliers;
using Nox.Api.Ui;
using Nox.Api.Webhooks;
using Nox.Api.Users;
using Nox.Hosting;
using Nox.Hosting.DataProtection;

namespace Nox.Api.Hosting;

/// <summary>
/// The whole HTTP API (supplier API, admin API, Authenticator UI and completion, OpenAPI and its reference) in any
/// process: the API's own, or a silo's when co-hosted. Health and metrics come from the service defaults.
/// </summary>
public static class NoxApiExtensions
{
    public static WebApplicationBuilder AddNoxApi(this WebApplicationBuilder builder, ApiHosting hosting)
    {
        if (hosting == ApiHosting.OrleansClient)
        {
            builder.AddNoxClusterClient();
        }
        else
        {
            builder.Services.AddSingleton<IClusterAccess, SiloClusterAccess>();
        }

        var services = builder.Services;
        services.AddOptions<NoxApiOptions>().Bind(builder.Configuration.GetSection(NoxApiOptions.Section));
        services.AddSingleton(TimeProvider.System);
        // The consent page's state is encrypted with the service's key ring (shared through Redis when configured).
        services.AddNoxDataProtection(NoxClusterOptions.From(builder.Configuration));
        services.AddSingleton<SupplierCatalog>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddSingleton<SupplierRateLimits>();
        services.AddAuthenticatorRateLimit(builder.Configuration);
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsage>());
        services.AddOptions<AdminApiKeysOptions>().Bind(builder.Configuration.GetSection(AdminApiKeysOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AdminApiKeysOptions>, AdminApiKeysOptionsValidator>();
        services.AddSingleton<AdminKeys>();
        services.AddSingleton<AdminAudit>();
        services.AddSingleton<LinkSessionCreationBatcher>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            // Numbers are numbers: the OpenAPI schemas then say "integer", not "integer or numeric string".
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        services.AddAuthenticator();

        // Every error goes out through IProblemDetailsService: ApiProblem results, the exception handler,
        // the status code pages and authentication challenges alike. Ours is registered first and writes all.
        services.AddSingleton<IProblemDetailsWriter, ApiProblemDetailsWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblemDetails.Customize);
        services.AddExceptionHandler<ApiExceptionHandler>();

        // The supplier and admin keys (HeaderKeyMiddleware), for the endpoints that require them.
        services.AddSingleton<HeaderKeyScheme, SupplierApiKeyScheme>();
        services.AddSingleton<HeaderKeyScheme, AdminApiKeyScheme>();

        services.AddNoxOpenApi();
        return builder;
    }

    public static WebApplication MapNoxApi(this WebApplication app)
    {
        // Before every wait a request may meet (the key lookup, a rate-limit lease), so that a create's deadline spans them.
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use((http, next) =>
        {
            RequestArrival.Mark(http, time);
            return next(http);
        });
        // The client address is the forwarded one only behind a configured proxy (AuthenticatorRateLimit).
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHeaderKeys();
        app.UseSupplierRateLimits();

        app.MapNoxOpenApi();
        app.MapSupplierLinkSessions();
        app.MapSupplierWebhooks();
        app.MapSupplierUsers();
        app.MapAdminApi();
        app.UseAuthenticator();
        return app;
    }
}
