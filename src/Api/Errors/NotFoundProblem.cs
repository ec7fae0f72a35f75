using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nox.Api.Errors;

/// <summary>404: no link session with this token (or no such user), or not the caller's (never says which).</summary>
public sealed class NotFoundProblem(string message = "No link session with this token.") : ApiProblem(StatusCodes.Status404NotFound, message), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}
