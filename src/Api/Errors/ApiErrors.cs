using Microsoft.AspNetCore.WebUtilities;
using Nox.Api.Json;

namespace Nox.Api.Errors;

public static class ApiErrors
{
    public const string ContentType = "application/problem+json";

    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    public const int RetryAfterSeconds = 2;

    public static IResult Problem(int status, string message, string? field = null) =>
        Results.Json(Create(status, message, field), ApiJsonContext.Default.ApiError, ContentType, status);

    public static IResult BadRequest(string message, string? field = null) => Problem(StatusCodes.Status400BadRequest, message, field);

    public static IResult NotFound() => Problem(StatusCodes.Status404NotFound, "No link session with this token.");

    public static IResult Unauthorized(string message) => Problem(StatusCodes.Status401Unauthorized, message);

    public static ApiError Create(int status, string message, string? field = null) =>
        new($"https://httpstatuses.io/{status}", ReasonPhrases.GetReasonPhrase(status), status, message, message, field);

    /// <summary>For middleware that has no endpoint result to return.</summary>
    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(Create(status, message), ApiJsonContext.Default.ApiError, ContentType);
    }
}
