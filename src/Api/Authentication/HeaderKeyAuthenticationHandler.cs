using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nox.Api.Authentication;

/// <summary>
/// Authenticates a request by the key in <see cref="HeaderKeyAuthenticationOptions.HeaderName"/>; a subclass
/// says what a key is worth. A request without exactly one non-empty key, or with a key the subclass
/// refuses, is challenged with a 401 problem that says which. Runs only for endpoints whose
/// authorization policy names the scheme (<see cref="HeaderKeyAuthenticationExtensions.AddHeaderKey{THandler}"/>).
/// </summary>
/// <remarks>
/// The framework's handler logs two Information lines for every refused key; the request log line and
/// <c>nox_requests_rejected_total{reason="auth"}</c> already record a refusal, and anyone could flood the
/// logs with refusals, so the handler does not log.
/// </remarks>
public abstract class HeaderKeyAuthenticationHandler(
    IOptionsMonitor<HeaderKeyAuthenticationOptions> options,
    UrlEncoder encoder)
    : AuthenticationHandler<HeaderKeyAuthenticationOptions>(options, NullLoggerFactory.Instance, encoder)
{
    protected sealed override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var keys = Request.Headers[Options.HeaderName];
        return keys.Count != 1 || string.IsNullOrEmpty(keys[0])
            ? AuthenticateResult.Fail($"Missing {Options.HeaderName} header.")
            : await AuthenticateKeyAsync(keys[0]!);
    }

    /// <summary>A ticket for a key that is worth one, or <see cref="AuthenticateResult.Fail(string)"/> with the message the client gets.</summary>
    protected abstract ValueTask<AuthenticateResult> AuthenticateKeyAsync(string key);

    protected sealed override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Detail = result.Failure?.Message ?? $"Missing {Options.HeaderName} header.",
            },
        });
    }

    /// <summary>A principal named <paramref name="name"/>, authenticated by this scheme.</summary>
    protected AuthenticateResult Success(string name) => AuthenticateResult.Success(new AuthenticationTicket(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Scheme.Name)),
        Scheme.Name));
}
