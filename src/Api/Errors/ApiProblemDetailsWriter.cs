using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Nox.Api.Errors;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's <c>Accept</c> says: the
/// contract promises JSON errors, and the framework's writer would write nothing for <c>Accept: text/html</c>.
/// Runs <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/> (<see cref="ApiProblemDetails.Customize"/>)
/// and serializes through the source-generated JSON of <see cref="Json.ApiJsonContext"/>.
/// </summary>
public sealed class ApiProblemDetailsWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    private readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo = json.Value.SerializerOptions.GetTypeInfo(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails));

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            context.ProblemDetails,
            typeInfo,
            ApiProblemDetails.ContentType,
            context.HttpContext.RequestAborted));
    }
}
