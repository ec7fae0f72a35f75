using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;
using Nox.Api.Ui;

namespace Nox.Api.Hosting;

/// <summary>
/// The whole HTTP API (supplier API, Authenticator UI and completion, OpenAPI) in any process: the API's
/// own, or a silo's when co-hosted. Health and metrics come from the service defaults.
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
        services.AddSingleton<SupplierCatalog>();
        services.AddSingleton<LinkSessionCreationBatcher>();
        services.AddSingleton<ApiKeyFilter>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        services.AddAuthenticator();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "NOX Authenticator link sessions";
            document.Info.Version = "v2";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapNoxApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0
            ? Task.CompletedTask
            : ApiErrors.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, ReasonText(context.HttpContext.Response.StatusCode)));

        app.MapOpenApi();
        app.MapSupplierLinkSessions();
        app.UseAuthenticator();
        return app;
    }

    private static string ReasonText(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed.",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
    };
}
