using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Nox.Api.Errors;

namespace Nox.Api.Idempotency;

/// <summary>
/// An <c>Idempotency-Key</c> the API does not accept: malformed (400, with <c>field</c> naming the header),
/// its first request still being processed (409), or already used for a different request (422).
/// </summary>
public sealed class IdempotencyProblem : ApiProblem, IEndpointMetadataProvider
{
    private IdempotencyProblem(int status, string message, string? field = null)
        : base(status, message, field)
    {
    }

    public static IdempotencyProblem InvalidKey(string message) => new(StatusCodes.Status400BadRequest, message, IdempotencyKeyHeader.Name);

    public static IdempotencyProblem InFlight() => new(
        StatusCodes.Status409Conflict,
        $"A request with this {IdempotencyKeyHeader.Name} is still being processed; retry once it has been answered.");

    public static IdempotencyProblem Mismatch() => new(
        StatusCodes.Status422UnprocessableEntity,
        $"This {IdempotencyKeyHeader.Name} was already used with a different request; a new request needs a new key.");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(
        builder,
        StatusCodes.Status400BadRequest,
        StatusCodes.Status409Conflict,
        StatusCodes.Status422UnprocessableEntity);
}
