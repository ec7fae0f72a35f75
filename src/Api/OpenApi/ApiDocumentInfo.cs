using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Nox.Api.Administration;

namespace Nox.Api.OpenApi;

/// <summary>
/// What each OpenAPI document says about itself: title, version, license, the one server (the public base
/// URL, the same for every API instance whatever host the request came in on) and what each of its tags is
/// for. Two documents: the supplier API (<see cref="OpenApiExtensions.DocumentName"/>) and the admin API
/// (<see cref="AdminEndpoints.DocumentName"/>).
/// </summary>
public sealed class ApiDocumentInfo(IOptions<NoxApiOptions> options) : IOpenApiDocumentTransformer
{
    public const string Title = "NOX Authenticator link sessions";

    public const string AdminTitle = "NOX supplier administration";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var admin = context.DocumentName == AdminEndpoints.DocumentName;
        document.Info.Title = admin ? AdminTitle : Title;
        document.Info.Version = "v2";
        document.Info.Description = admin
            ? "Manage the suppliers of this NOX deployment and their API keys. For operators only: every call carries an x-admin-key, never a supplier's key. " +
              "Errors are problem details (RFC 9457) with `error`, the message, and `field`, the request member at fault."
            : "Send an end-user through the NOX Authenticator to connect their heat pump, and get them back with the result. " +
              "Errors are problem details (RFC 9457) with `error`, the message, and `field`, the request member at fault.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-NOX-Proprietary" };
        document.Servers = [new OpenApiServer { Url = options.Value.PublicBaseUrl.TrimEnd('/'), Description = "This NOX deployment" }];

        // The tags of this document's operations only.
        var tags = context.DescriptionGroups
            .SelectMany(g => g.Items)
            .Where(d => OpenApiExtensions.Includes(context.DocumentName, d))
            .SelectMany(d => d.ActionDescriptor.EndpointMetadata.OfType<ITagsMetadata>())
            .SelectMany(t => t.Tags)
            .ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(ApiTags.Descriptions
            .Where(t => tags.Contains(t.Key))
            .Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        return Task.CompletedTask;
    }
}
