using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nox.Api.Errors;

/// <summary>409: the link session's state does not allow the request (for example, it is already completed).</summary>
public sealed class ConflictProblem(string message) : ApiProblem(StatusCodes.Status409Conflict, message), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}
