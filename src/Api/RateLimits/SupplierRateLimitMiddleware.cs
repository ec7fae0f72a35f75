using System.Threading.RateLimiting;
using Nox.Api.Suppliers;
using Nox.Suppliers;

namespace Nox.Api.RateLimits;

/// <summary>
/// The supplier API's rate limit, as middleware after the key check (<see cref="Authentication.HeaderKeyMiddleware"/>): for an endpoint marked with
/// <see cref="SupplierRateLimitMetadata"/>, whose key is known by now, it takes a permit from the supplier's
/// <see cref="LeasedPermitLimiter"/> and answers 429 without one; every answer from here on, errors and 503s
/// included, carries the <see cref="RateLimitHeaders"/>. Middleware rather than an endpoint filter: a filter puts
/// every handler of the group on the filtered invocation path (arguments boxed into an invocation context, the
/// result boxed), which cost more than the limiter itself.
/// </summary>
public sealed class SupplierRateLimitMiddleware(RequestDelegate next, SupplierRateLimits limits)
{
    public const string Message = "Too many requests: over the supplier's rate limit. Retry after the Retry-After seconds.";

    /// <summary>Sets the headers as the response starts, so they show what this request left and survive the exception handler's reset.</summary>
    private static readonly Func<object, Task> SetHeaders = static state =>
    {
        var (response, limiter) = ((HttpResponse, LeasedPermitLimiter))state;
        var (remaining, nextPermitIn) = limiter.Status();
        RateLimitHeaders.Set(response, limiter.Limit, remaining, nextPermitIn);
        return Task.CompletedTask;
    };

    public Task InvokeAsync(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<SupplierRateLimitMetadata>() is null
            || http.Features.Get<SupplierConfiguration>() is not { } supplier
            ? next(http)
            : LimitAsync(http, supplier);

    private async Task LimitAsync(HttpContext http, SupplierConfiguration supplier)
    {
        var limiter = limits.For(supplier);
        using var lease = await limiter.AcquireAsync(1, http.RequestAborted);
        http.Response.OnStarting(SetHeaders, (http.Response, limiter));
        if (!lease.IsAcquired)
        {
            lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
            await new TooManyRequestsProblem(Message, retryAfter).ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
