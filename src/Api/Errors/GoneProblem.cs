using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nox.Api.Errors;

/// <summary>410: the link session has expired.</summary>
public sealed class GoneProblem(string message) : ApiProblem(StatusCodes.Status410Gone, message), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status410Gone);
}
