using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nox.Telemetry;

/// <summary>
/// One structured line per request that an operator wants: method, route template, status, duration and
/// trace id, for every 4xx and 5xx, every slow request, and a sample of the rest (<see cref="RequestLogRule"/>).
/// It replaces ASP.NET Core's own request logging, which writes the raw path and query string, and both
/// carry link tokens. The route template (<c>/v2/supplier/link-sessions/{link_token}</c>) says which
/// endpoint ran without the token in it. It also counts rejected requests by status.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger, RequestRejections rejections, IOptionsMonitor<RequestLogOptions> options)
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
            var elapsed = Stopwatch.GetElapsedTime(started);
            var route = RouteOf(context);
            var traceId = Activity.Current?.TraceId ?? default;
            if (RequestLogRule.LevelOf(status, route, elapsed, traceId, options.CurrentValue) is { } level && logger.IsEnabled(level))
            {
                LogRequest(level, context.Request.Method, route, status, elapsed.TotalMilliseconds, traceId == default ? string.Empty : traceId.ToHexString());
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
