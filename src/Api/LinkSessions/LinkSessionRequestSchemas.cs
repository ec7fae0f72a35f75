using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nox.Api.LinkSessions;

/// <summary>
/// Writes the rules of the request readers into the OpenAPI document's request schemas: which members are
/// required, the length bounds of <c>user_id</c> and the start of <c>redirect_url</c>, from the readers'
/// own constants. The readers are the only place the rules live; the enums come from the same
/// <c>JsonStringEnumMemberName</c> attributes the readers parse by.
/// </summary>
public sealed class LinkSessionRequestSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        if (context.JsonTypeInfo.Type == typeof(CreateLinkSessionRequest))
        {
            schema.Required = new HashSet<string> { CreateLinkSessionRequestReader.UserIdMember, CreateLinkSessionRequestReader.RedirectUrlMember };
            var userId = Property(schema, CreateLinkSessionRequestReader.UserIdMember);
            userId.MinLength = CreateLinkSessionRequestReader.MinUserIdLength;
            userId.MaxLength = CreateLinkSessionRequestReader.MaxUserIdLength;
            var redirectUrl = Property(schema, CreateLinkSessionRequestReader.RedirectUrlMember);
            redirectUrl.Format = "uri";
            redirectUrl.Pattern = RedirectUrls.SchemePattern;
        }
        else if (context.JsonTypeInfo.Type == typeof(CompleteLinkSessionRequest))
        {
            schema.Required = new HashSet<string> { CompleteLinkSessionRequestReader.BrandMember };
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchema inline
            ? inline
            : throw new InvalidOperationException($"The request schema has no inline property {name}.");
}
