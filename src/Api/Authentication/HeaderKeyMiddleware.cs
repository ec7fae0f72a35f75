using Microsoft.AspNetCore.Mvc;

namespace Nox.Api.Authentication;

/// <summary>
/// Checks the key of every endpoint with a <see cref="HeaderKeyRequirement"/>: a request without exactly one
/// non-empty key, or with a key its scheme refuses, gets a 401 problem that says which; the rest go on with what
/// the scheme noted. Middleware, not ASP.NET Core authentication and authorization: on the supplier API's hot path
/// those cost a handler, a principal, a ticket and a policy evaluation per request (a tenth of a read's CPU) for
/// what is one header and one lookup. It does not log a refusal: the request log line and
/// <c>nox_requests_rejected_total{reason="auth"}</c> record it, and anyone could flood the logs with refusals.
/// </summary>
public sealed class HeaderKeyMiddleware(RequestDelegate next, IEnumerable<HeaderKeyScheme> schemes, IProblemDetailsService problems)
{
    private readonly Dictionary<string, HeaderKeyScheme> schemesByName = schemes.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public Task InvokeAsync(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<HeaderKeyRequirement>() is { } requirement
            ? AuthenticateAsync(http, schemesByName[requirement.Scheme])
            : next(http);

    private async Task AuthenticateAsync(HttpContext http, HeaderKeyScheme scheme)
    {
        var keys = http.Request.Headers[scheme.HeaderName];
        if (keys.Count != 1 || string.IsNullOrEmpty(keys[0]))
        {
            await RefuseAsync(http, $"Missing {scheme.HeaderName} header.");
        }
        else if (!await scheme.AuthenticateAsync(http, keys[0]!))
        {
            await RefuseAsync(http, scheme.RefusedMessage);
        }
        else
        {
            await next(http);
        }
    }

    private ValueTask RefuseAsync(HttpContext http, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Detail = detail },
        });
    }
}
