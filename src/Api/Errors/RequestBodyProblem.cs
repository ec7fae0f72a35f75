using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nox.Api.Errors;

/// <summary>
/// A request body the API does not accept: not <c>application/json</c> (415), over 16 KiB (413), or not
/// JSON or breaking a rule of the request (400, with <c>field</c> when one member is at fault).
/// </summary>
public sealed class RequestBodyProblem : ApiProblem, IEndpointMetadataProvider
{
    private RequestBodyProblem(int status, string message, string? field)
        : base(status, message, field)
    {
    }

    public static RequestBodyProblem Invalid(string message, string? field = null) => new(StatusCodes.Status400BadRequest, message, field);

    public static RequestBodyProblem TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message, null);

    public static RequestBodyProblem UnsupportedMediaType(string message) => new(StatusCodes.Status415UnsupportedMediaType, message, null);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(
        builder,
        StatusCodes.Status400BadRequest,
        StatusCodes.Status413PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType);
}
