using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Nox.Telemetry;

/// <summary>
/// One structured line per request: method, route template, status, duration and trace id. It replaces
/// ASP.NET Core's own request logging, which writes the raw path and query string, and both carry link
/// tokens. The route template (<c>/v2/supplier/link-sessions/{link_token}</c>) says which endpoint ran
/// without the token in it. Probes and scrapes that succeed are logged at Debug so that a healthy,
/// idle service writes nothing at Information. It also counts rejected requests by status.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger, RequestRejections rejections)
{
    public const string Unmatched = "(unmatched)";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // An exception that escapes every handler becomes a 500 after this middleware returns.
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            rejections.Record(status);
            var route = RouteOf(context);
            var level = status < 400 && ProbePaths.Contains(route) ? LogLevel.Debug : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                LogRequest(level, context.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, Activity.Current?.TraceId.ToHexString() ?? string.Empty);
            }
        }
    }

    /// <summary>
    /// The template of the endpoint that ran, never the path itself. The exception handler clears the
    /// endpoint before it writes the error, but keeps it in its feature.
    /// </summary>
    public static string RouteOf(HttpContext context)
    {
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        return (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Message = "{Method} {Route} answered {StatusCode} in {DurationMs:0.0} ms (trace {TraceId})")]
    private partial void LogRequest(LogLevel level, string method, string route, int statusCode, double durationMs, string traceId);
}
