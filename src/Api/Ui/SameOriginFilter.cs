using Microsoft.Extensions.Options;
using Nox.Api.Errors;

namespace Nox.Api.Ui;

/// <summary>
/// The complete endpoint serves only the Authenticator page itself: a browser request from any other
/// site is refused (403), whether it says so with <c>Sec-Fetch-Site</c> or with an <c>Origin</c> that is
/// neither this request's own origin nor the public one (the API may sit behind a TLS-terminating proxy).
/// </summary>
public sealed class SameOriginFilter(IOptions<NoxApiOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return Forbidden();
        }

        var origins = request.Headers.Origin;
        if (origins.Count > 0 && (origins.Count != 1 || !IsOwnOrigin(origins[0], request)))
        {
            return Forbidden();
        }

        return await next(context);
    }

    private bool IsOwnOrigin(string? origin, HttpRequest request) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        || (Uri.TryCreate(options.Value.PublicBaseUrl, UriKind.Absolute, out var publicBase)
            && string.Equals(origin, publicBase.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));

    private static IResult Forbidden() =>
        new ApiProblem(StatusCodes.Status403Forbidden, "Only the Authenticator page may complete a link session.");
}
