using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Nox.Api.Errors;

namespace Nox.Api.RateLimits;

/// <summary>429: over the rate limit, with <c>Retry-After</c> in whole seconds (at least 1).</summary>
public sealed class TooManyRequestsProblem(string message, TimeSpan retryAfter)
    : ApiProblem(StatusCodes.Status429TooManyRequests, message), IResult, IEndpointMetadataProvider
{
    public long RetryAfterSeconds { get; } = Math.Max(1, RateLimitHeaders.WholeSeconds(retryAfter));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status429TooManyRequests);

    public static void SetRetryAfter(HttpResponse response, long seconds) =>
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>Re-implements <see cref="IResult"/>: the header goes out with the problem.</summary>
    public new Task ExecuteAsync(HttpContext httpContext)
    {
        SetRetryAfter(httpContext.Response, RetryAfterSeconds);
        return base.ExecuteAsync(httpContext);
    }
}
