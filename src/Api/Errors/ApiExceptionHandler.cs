using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Nox.Api.Errors;

/// <summary>
/// The one place that maps exceptions to statuses, and the last word on any exception: a problem body,
/// never a stack trace. Cluster and storage failures become 503 with Retry-After so a client knows to retry.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, message) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "The request body is larger than 16 KiB."),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (0, string.Empty),
            _ when ClusterFailures.IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable; retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };

        switch (status)
        {
            case 0:
                // The client went away: nobody to answer.
                return true;
            case StatusCodes.Status503ServiceUnavailable:
                LogUnavailable(exception.GetType().Name);
                break;
            case StatusCodes.Status500InternalServerError:
                LogUnexpected(exception);
                break;
        }

        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = message },
            Exception = exception,
        });
        return true;
    }

    // Only the type: messages of cluster exceptions can carry grain ids and request details.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable: {ExceptionType}")]
    private partial void LogUnavailable(string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error")]
    private partial void LogUnexpected(Exception exception);
}
