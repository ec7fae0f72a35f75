using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nox.Api.Errors;

/// <summary>409: the state of what the request is about does not allow it (a completed link session, a supplier name that is taken).</summary>
public sealed class ConflictProblem(string message) : ApiProblem(StatusCodes.Status409Conflict, message), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}
