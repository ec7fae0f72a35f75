using Microsoft.AspNetCore.WebUtilities;

namespace Nox.Api.Errors;

/// <summary>
/// The one shape of every error body: RFC 9457 problem details plus <c>error</c>, the member the public NOX
/// API uses (the same text as <c>detail</c>), and <c>field</c>, the request member a validation error is
/// about. Applied to every problem the API writes, through <see cref="IProblemDetailsService"/>.
/// </summary>
public static class ApiProblemDetails
{
    public const string ContentType = "application/problem+json";

    public const string ErrorMember = "error";

    public const string FieldMember = "field";

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Type = $"https://httpstatuses.io/{status}";
        problem.Title = ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= DefaultMessage(status);

        // error before field, whatever order the extensions were added in.
        var field = problem.Extensions.TryGetValue(FieldMember, out var value) ? value : null;
        problem.Extensions.Clear();
        problem.Extensions[ErrorMember] = problem.Detail;
        if (field is not null)
        {
            problem.Extensions[FieldMember] = field;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            RetryAfter.Set(context.HttpContext.Response);
        }
    }

    /// <summary>The message of a problem nobody gave one: the status code pages' (an unknown route, a wrong method or content type).</summary>
    private static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status405MethodNotAllowed => "Method not allowed.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be application/json.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
