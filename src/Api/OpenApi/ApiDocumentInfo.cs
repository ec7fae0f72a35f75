using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Nox.Api.OpenApi;

/// <summary>
/// What the OpenAPI document says about itself: title, version, license, the one server (the public base
/// URL, the same for every API instance whatever host the request came in on) and what each tag is for.
/// </summary>
public sealed class ApiDocumentInfo(IOptions<NoxApiOptions> options) : IOpenApiDocumentTransformer
{
    public const string Title = "NOX Authenticator link sessions";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = Title;
        document.Info.Version = "v2";
        document.Info.Description =
            "Send an end-user through the NOX Authenticator to connect their heat pump, and get them back with the result. " +
            "Errors are problem details (RFC 9457) with `error`, the message, and `field`, the request member at fault.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-NOX-Proprietary" };
        document.Servers = [new OpenApiServer { Url = options.Value.PublicBaseUrl.TrimEnd('/'), Description = "This NOX deployment" }];
        document.Tags = new HashSet<OpenApiTag>(ApiTags.Descriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        return Task.CompletedTask;
    }
}
