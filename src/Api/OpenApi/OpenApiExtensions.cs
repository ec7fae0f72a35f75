using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Nox.Api.Administration;
using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Idempotency;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;
using Scalar.AspNetCore;

namespace Nox.Api.OpenApi;

/// <summary>
/// The OpenAPI documents and the browsable reference built from them (<c>/docs</c>): the supplier API's
/// (<c>/openapi/v1.json</c>), which is what suppliers' tooling reads, and the admin API's
/// (<c>/openapi/admin.json</c>), kept apart so that a client generated for suppliers never holds admin calls.
/// </summary>
public static class OpenApiExtensions
{
    /// <summary>The supplier API's document (the default name of <c>AddOpenApi</c>).</summary>
    public const string DocumentName = "v1";

    /// <summary>Where <c>MapOpenApi()</c> serves the supplier API's document.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where <c>MapOpenApi()</c> serves the admin API's document.</summary>
    public const string AdminDocumentPath = "/openapi/admin.json";

    public const string ReferencePath = "/docs";

    private const string DocumentRoutePattern = "/openapi/{documentName}.json";

    public static IServiceCollection AddNoxOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => Includes(DocumentName, description);
            Configure(options);
        });
        services.AddOpenApi(AdminEndpoints.DocumentName, options =>
        {
            options.ShouldInclude = description => Includes(AdminEndpoints.DocumentName, description);
            Configure(options);
            options.AddSchemaTransformer<AdminRequestSchemas>();
        });
        return services;
    }

    /// <summary>
    /// Whether <paramref name="description"/> belongs in document <paramref name="documentName"/>: the admin
    /// endpoints are in their own group, every other endpoint is the supplier document's. Transformers that see
    /// every endpoint (<c>DescriptionGroups</c>) ask the same.
    /// </summary>
    public static bool Includes(string documentName, ApiDescription description) =>
        documentName == AdminEndpoints.DocumentName
            ? description.GroupName == AdminEndpoints.DocumentName
            : description.GroupName is null;

    public static WebApplication MapNoxOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoutePattern);
        // Everything from this process: the script is embedded in Scalar.AspNetCore, and nothing calls out
        // (no hosted fonts, telemetry, AI agent, MCP, or the toolbar that shares the document with Scalar's service).
        app.MapScalarApiReference(ReferencePath, options =>
        {
            options
                .WithTitle(ApiDocumentInfo.Title)
                .WithOpenApiRoutePattern(DocumentRoutePattern)
                .AddDocument(DocumentName, ApiDocumentInfo.Title, isDefault: true)
                .AddDocument(AdminEndpoints.DocumentName, ApiDocumentInfo.AdminTitle)
                .AddPreferredSecuritySchemes([SupplierApiKeyScheme.SchemeName, AdminApiKeyScheme.SchemeName])
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

    private static void Configure(Microsoft.AspNetCore.OpenApi.OpenApiOptions options)
    {
        options.AddDocumentTransformer<ApiDocumentInfo>();
        options.AddDocumentTransformer<HeaderKeySecurityTransformer>();
        options.AddOperationTransformer<HeaderKeySecurityTransformer>();
        options.AddOperationTransformer<IdempotencyKeyParameter>();
        options.AddSchemaTransformer<LinkSessionRequestSchemas>();
        options.AddSchemaTransformer<ProblemDetailsSchema>();
    }
}
