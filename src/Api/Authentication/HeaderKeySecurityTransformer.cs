using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Nox.Api.Authentication;

/// <summary>
/// Writes the header-key schemes into each OpenAPI document: each scheme its operations require as an
/// <c>apiKey</c> security scheme, and as a security requirement of every operation whose authorization policy names it. An operation that
/// requires none says so (<c>security: [{}]</c>), so a client generator never guesses.
/// </summary>
public sealed class HeaderKeySecurityTransformer(
    IAuthenticationSchemeProvider schemes,
    IOptionsMonitor<HeaderKeyAuthenticationOptions> options) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // Only the schemes this document's operations require: the supplier document never names the admin key.
        var required = context.DescriptionGroups
            .SelectMany(g => g.Items)
            .Where(d => OpenApi.OpenApiExtensions.Includes(context.DocumentName, d))
            .SelectMany(PoliciesOf)
            .ToHashSet(StringComparer.Ordinal);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        foreach (var scheme in (await HeaderKeySchemesAsync()).Where(required.Contains))
        {
            var schemeOptions = options.Get(scheme);
            document.Components.SecuritySchemes[scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = schemeOptions.HeaderName,
                Description = schemeOptions.Description,
            };
        }
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policies = PoliciesOf(context.Description).ToHashSet(StringComparer.Ordinal);
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in await HeaderKeySchemesAsync())
        {
            if (policies.Contains(scheme))
            {
                requirement[new OpenApiSecuritySchemeReference(scheme, context.Document)] = [];
            }
        }

        operation.Security = [requirement];
    }

    private static IEnumerable<string> PoliciesOf(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>();

    private async Task<IEnumerable<string>> HeaderKeySchemesAsync() =>
        (await schemes.GetAllSchemesAsync())
            .Where(s => s.HandlerType.IsAssignableTo(typeof(HeaderKeyAuthenticationHandler)))
            .Select(s => s.Name);
}
