using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Nox.Api.Idempotency;

/// <summary>
/// Writes the <c>Idempotency-Key</c> header into the OpenAPI document for every operation that accepts it
/// (<see cref="AcceptsIdempotencyKey"/>), with the rules of <see cref="IdempotencyKeyHeader"/>, and
/// <c>Idempotent-Replayed</c> on its 201.
/// </summary>
public sealed class IdempotencyKeyParameter : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<AcceptsIdempotencyKey>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKeyHeader.Name,
            In = ParameterLocation.Header,
            Required = false,
            Description = IdempotencyKeyHeader.Description,
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = IdempotencyKeyHeader.MinLength,
                MaxLength = IdempotencyKeyHeader.MaxLength,
                Pattern = IdempotencyKeyHeader.Pattern,
            },
        });

        if (operation.Responses?.TryGetValue(StatusCodes.Status201Created.ToString(System.Globalization.CultureInfo.InvariantCulture), out var created) == true
            && created is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[IdempotencyKeyHeader.ReplayedName] = new OpenApiHeader
            {
                Description = $"true when this is the answer to an earlier request with the same {IdempotencyKeyHeader.Name}, answered again; absent otherwise.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }

        return Task.CompletedTask;
    }
}
