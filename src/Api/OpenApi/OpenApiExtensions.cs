using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Idempotency;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;
using Scalar.AspNetCore;

namespace Nox.Api.OpenApi;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and the browsable reference built from it (<c>/docs</c>).</summary>
public static class OpenApiExtensions
{
    /// <summary>Where <c>MapOpenApi()</c> serves the document (its default route, document <c>v1</c>).</summary>
    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/docs";

    public static IServiceCollection AddNoxOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer<ApiDocumentInfo>();
        options.AddDocumentTransformer<HeaderKeySecurityTransformer>();
        options.AddOperationTransformer<HeaderKeySecurityTransformer>();
        options.AddOperationTransformer<IdempotencyKeyParameter>();
        options.AddSchemaTransformer<LinkSessionRequestSchemas>();
        options.AddSchemaTransformer<ProblemDetailsSchema>();
    });

    public static WebApplication MapNoxOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        // Everything from this process: the script is embedded in Scalar.AspNetCore, and nothing calls out
        // (no hosted fonts, telemetry, AI agent, MCP, or the toolbar that shares the document with Scalar's service).
        app.MapScalarApiReference(ReferencePath, options =>
        {
            options
                .WithTitle(ApiDocumentInfo.Title)
                .WithOpenApiRoutePattern(DocumentPath)
                .AddPreferredSecuritySchemes([SupplierApiKeyHandler.SchemeName])
                .ExpandAllTags()
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp();
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        })
            .ExcludeFromDescription();
        return app;
    }
}
