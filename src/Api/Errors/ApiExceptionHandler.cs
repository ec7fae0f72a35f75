using Microsoft.AspNetCore.Diagnostics;

namespace Nox.Api.Errors;

/// <summary>
/// The last word on any exception: a JSON error, never a stack trace. Cluster and storage failures
/// become 503 with Retry-After so a supplier knows to retry.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                await ApiErrors.WriteAsync(context, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than 16 KiB."
                    : "The request could not be read.");
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                break;
            case var e when ClusterFailures.IsUnavailable(e):
                LogUnavailable(e.GetType().Name);
                await ApiErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The service is temporarily unavailable; retry shortly.");
                break;
            default:
                LogUnexpected(exception);
                await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "An unexpected error occurred.");
                break;
        }

        return true;
    }

    // Only the type: messages of cluster exceptions can carry grain ids and request details.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster unavailable: {ExceptionType}")]
    private partial void LogUnavailable(string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error")]
    private partial void LogUnexpected(Exception exception);
}
