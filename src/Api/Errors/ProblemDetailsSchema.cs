using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nox.Api.Errors;

/// <summary>Adds the members <see cref="ApiProblemDetails"/> gives every problem to the document's <c>ProblemDetails</c>.</summary>
public sealed class ProblemDetailsSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == typeof(ProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[ApiProblemDetails.ErrorMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "What went wrong, for people (the same text as detail).",
            };
            schema.Properties[ApiProblemDetails.FieldMember] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The request member the error is about, when it is about one.",
            };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(ApiProblemDetails.ErrorMember);
        }

        return Task.CompletedTask;
    }
}
