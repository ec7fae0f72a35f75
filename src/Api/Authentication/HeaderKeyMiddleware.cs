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

    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HeaderKeyRequirement>() is not { } requirement)
        {
            return next(http);
        }

        var scheme = schemesByName[requirement.Scheme];
        var keys = http.Request.Headers[scheme.HeaderName];
        if (keys.Count != 1 || string.IsNullOrEmpty(keys[0]))
        {
            return RefuseAsync(http, $"Missing {scheme.HeaderName} header.").AsTask();
        }

        var authenticating = scheme.AuthenticateAsync(http, keys[0]!);
        // A key found in memory (the usual case) goes on without an async layer of its own around the rest of the
        // pipeline, as the rate limit does.
        return authenticating.IsCompletedSuccessfully ? Answer(http, scheme, authenticating.Result) : WaitAsync(http, scheme, authenticating);
    }

    private async Task WaitAsync(HttpContext http, HeaderKeyScheme scheme, ValueTask<bool> authenticating) =>
        await Answer(http, scheme, await authenticating);

    private Task Answer(HttpContext http, HeaderKeyScheme scheme, bool authenticated) =>
        authenticated ? next(http) : RefuseAsync(http, scheme.RefusedMessage).AsTask();

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
