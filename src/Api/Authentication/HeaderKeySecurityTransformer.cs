using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nox.Api.Authentication;

/// <summary>
/// Writes the header-key schemes into each OpenAPI document: each scheme its operations require as an
/// <c>apiKey</c> security scheme, and as a security requirement of every operation whose
/// <see cref="HeaderKeyRequirement"/> names it. An operation that requires none says so (<c>security: [{}]</c>), so
/// a client generator never guesses.
/// </summary>
public sealed class HeaderKeySecurityTransformer(IEnumerable<HeaderKeyScheme> schemes) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // Only the schemes this document's operations require: the supplier document never names the admin key.
        var required = context.DescriptionGroups
            .SelectMany(g => g.Items)
            .Where(d => OpenApi.OpenApiExtensions.Includes(context.DocumentName, d))
            .SelectMany(SchemesOf)
            .ToHashSet(StringComparer.Ordinal);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var scheme in schemes.Where(s => required.Contains(s.Name)))
        {
            document.Components.SecuritySchemes[scheme.Name] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = scheme.HeaderName,
                Description = scheme.Description,
            };
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var required = SchemesOf(context.Description).ToHashSet(StringComparer.Ordinal);
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes.Where(s => required.Contains(s.Name)))
        {
            requirement[new OpenApiSecuritySchemeReference(scheme.Name, context.Document)] = [];
        }

        operation.Security = [requirement];
        return Task.CompletedTask;
    }

    private static IEnumerable<string> SchemesOf(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<HeaderKeyRequirement>().Select(r => r.Scheme);
}
