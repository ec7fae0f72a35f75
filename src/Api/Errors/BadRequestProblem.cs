using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nox.Api.Errors;

/// <summary>400: a path or query parameter breaks its rule; <c>field</c> names it.</summary>
public sealed class BadRequestProblem(string message, string field) : ApiProblem(StatusCodes.Status400BadRequest, message, field), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status400BadRequest);
}
