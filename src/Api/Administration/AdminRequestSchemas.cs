using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Nox.LinkSessions;
using Nox.Suppliers;

namespace Nox.Api.Administration;

/// <summary>
/// Writes the rules of <see cref="SupplierRequestReader"/> and <see cref="ApiKeyRequestReader"/> into the admin
/// document's request schemas, from the readers' own constants: the readers are the only place the rules live.
/// </summary>
public sealed class AdminRequestSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(RateLimitRequest))
        {
            // Only ever a member of another request: its schema is written where that member is.
            foreach (var member in new[] { SupplierRequestReader.PermitsPerSecondMember, SupplierRequestReader.BurstMember })
            {
                if (schema.Properties?.TryGetValue(member, out var property) == true && property is OpenApiSchema limit)
                {
                    limit.Minimum = "1";
                    limit.Maximum = SupplierRateLimit.Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return Task.CompletedTask;
        }

        if (context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        if (type == typeof(CreateSupplierRequest))
        {
            schema.Required = new HashSet<string> { SupplierRequestReader.NameMember, SupplierRequestReader.AllowedRedirectUrlsMember };
            var name = Property(schema, SupplierRequestReader.NameMember);
            name.Pattern = SupplierRequestReader.NamePattern;
            name.MinLength = 2;
            name.MaxLength = 63;
            SupplierFields(schema);
        }
        else if (type == typeof(UpdateSupplierRequest))
        {
            schema.Required = new HashSet<string>();
            SupplierFields(schema);
        }
        else if (type == typeof(IssueApiKeyRequest))
        {
            var expiresAt = Property(schema, ApiKeyRequestReader.ExpiresAtMember);
            expiresAt.Minimum = "1";
            expiresAt.Maximum = ApiKeyRequestReader.MaxExpiresAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (type == typeof(RotateApiKeyRequest))
        {
            var grace = Property(schema, ApiKeyRequestReader.GraceSecondsMember);
            grace.Minimum = "0";
            grace.Maximum = ApiKeyRequestReader.MaxGraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    private static void SupplierFields(OpenApiSchema schema)
    {
        var displayName = Property(schema, SupplierRequestReader.DisplayNameMember);
        displayName.MinLength = 1;
        displayName.MaxLength = SupplierRequestReader.MaxDisplayNameLength;

        var urls = Property(schema, SupplierRequestReader.AllowedRedirectUrlsMember);
        urls.MaxItems = SupplierRequestReader.MaxRedirectUrls;
        if (urls.Items is OpenApiSchema url)
        {
            url.Format = "uri";
            url.Pattern = RedirectUrlScheme.Pattern;
            url.MaxLength = SupplierRequestReader.MaxRedirectUrlLength;
        }
    }

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchema inline
            ? inline
            : throw new InvalidOperationException($"The request schema has no inline property {name}.");
}
