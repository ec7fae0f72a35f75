using Microsoft.Extensions.Logging;

namespace Nox.Telemetry;

/// <summary>
/// Framework log categories that write a request's raw path, query string or redirect target, and
/// so would write link tokens and redirect <c>data</c>: each is held to a floor below which it cannot
/// log, whatever the configured level. Matching is by category prefix.
/// </summary>
public static class RawRequestLoggingCategories
{
    private static readonly (string Prefix, LogLevel Floor)[] Floors =
    [
        // "Request starting GET /v2/…/{token}" and "Request finished …", and the request log scope
        // (RequestPath) that is opened whenever this category is enabled at all. RequestLogMiddleware
        // writes the replacement line.
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None),
        // Request and response lines with path, query and headers (x-api-key) if anyone adds it.
        ("Microsoft.AspNetCore.HttpLogging", LogLevel.None),
        // "… candidate(s) found for the request path '{Path}'" at Debug.
        ("Microsoft.AspNetCore.Routing.Matching", LogLevel.Information),
        // "bad request data: … Invalid request target '…'" at Debug.
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Information),
        // "Failed to bind parameter … from '{SourceValue}'" at Debug.
        ("Microsoft.AspNetCore.Http.RequestDelegateFactory", LogLevel.Information),
        // "Executing RedirectResult, redirecting to {Destination}" at Information: a redirect_url with data.
        ("Microsoft.AspNetCore.Http.Result.RedirectResult", LogLevel.Warning),
    ];

    /// <summary>The lowest level the category may log at, or null when it is not held down.</summary>
    public static LogLevel? FloorOf(string category)
    {
        foreach (var (prefix, floor) in Floors)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal))
            {
                return floor;
            }
        }

        return null;
    }
}
