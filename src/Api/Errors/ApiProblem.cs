using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Nox.Api.Errors;

/// <summary>
/// An error answer: a status and a message (and the request member it is about), written as problem
/// details through <see cref="IProblemDetailsService"/>, so <see cref="ApiProblemDetails.Customize"/> gives it
/// the API's one shape. The subclasses name their statuses in a handler's <c>Results&lt;…&gt;</c> signature,
/// from which the OpenAPI document lists them.
/// </summary>
public class ApiProblem(int status, string message, string? member = null) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int StatusCode => status;

    int? IStatusCodeHttpResult.StatusCode => status;

    public string ContentType => ApiProblemDetails.ContentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = message };
        if (member is not null)
        {
            problem.Extensions[ApiProblemDetails.FieldMember] = member;
        }

        await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    /// <summary>Declares that the endpoint answers <paramref name="statuses"/> with a problem body.</summary>
    protected static void Describe(EndpointBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ApiProblemDetails.ContentType]));
        }
    }
}
