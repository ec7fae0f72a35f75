using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Nox.Api.Errors;

namespace Nox.Api.Authentication;

public static class HeaderKeyEndpoints
{
    /// <summary>The endpoints answer only requests that carry a key of <paramref name="scheme"/> (a <see cref="HeaderKeyScheme.Name"/>), and 401 to the rest.</summary>
    public static TBuilder RequireHeaderKey<TBuilder>(this TBuilder builder, string scheme)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .WithMetadata(new HeaderKeyRequirement(scheme))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), [ApiProblemDetails.ContentType]));

    /// <summary>After the exception handler, so that a failing key lookup (cluster unavailable) is a 503.</summary>
    public static IApplicationBuilder UseHeaderKeys(this IApplicationBuilder app) => app.UseMiddleware<HeaderKeyMiddleware>();
}
