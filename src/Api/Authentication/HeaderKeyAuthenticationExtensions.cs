using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Nox.Api.Errors;

namespace Nox.Api.Authentication;

public static class HeaderKeyAuthenticationExtensions
{
    /// <summary>
    /// Adds a header-key scheme and an authorization policy of the same name that requires it. Endpoints
    /// opt in with <see cref="RequireHeaderKey{TBuilder}"/>; nothing else runs the scheme (there is no
    /// default scheme), and the OpenAPI document declares it (<see cref="HeaderKeySecurityTransformer"/>).
    /// </summary>
    public static AuthenticationBuilder AddHeaderKey<THandler>(this AuthenticationBuilder builder, string scheme, string headerName, string description)
        where THandler : HeaderKeyAuthenticationHandler
    {
        builder.AddScheme<HeaderKeyAuthenticationOptions, THandler>(scheme, options =>
        {
            options.HeaderName = headerName;
            options.Description = description;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(scheme, policy => policy.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>The endpoints answer only requests that carry a key of <paramref name="scheme"/>, and 401 to the rest.</summary>
    public static TBuilder RequireHeaderKey<TBuilder>(this TBuilder builder, string scheme)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(scheme)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), [ApiProblemDetails.ContentType]));
}
