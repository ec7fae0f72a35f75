using System.Diagnostics;

namespace Nox.Bench.Peer;

/// <summary>One structured line per request at Information, as the service writes.</summary>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
        LogRequest(context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {DurationMs:0.0} ms")]
    private partial void LogRequest(string method, string route, int statusCode, double durationMs);
}
