using Nox.Api.Suppliers;

namespace Nox.Api.RateLimits;

/// <summary>
/// The supplier API's rate limit: runs after the key is known (the endpoint's authorization), takes a permit from
/// the supplier's <see cref="LeasedPermitLimiter"/> and answers 429 without one; every answer from here on,
/// errors and 503s included, carries the <see cref="RateLimitHeaders"/>.
/// </summary>
public sealed class SupplierRateLimitFilter(SupplierRateLimits limits)
{
    public const string Message = "Too many requests: over the supplier's rate limit. Retry after the Retry-After seconds.";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var supplier = SupplierApiKeyHandler.SupplierOf(http);
        var limiter = limits.For(supplier);
        using var lease = await limiter.AcquireAsync(1, http.RequestAborted);
        // At the start of the response, so the headers show what this request left, and survive the exception handler.
        http.Response.OnStarting(static state =>
        {
            var (response, limiter) = ((HttpResponse, LeasedPermitLimiter))state;
            var (remaining, nextPermitIn) = limiter.Status();
            RateLimitHeaders.Set(response, limiter.Limit, remaining, nextPermitIn);
            return Task.CompletedTask;
        }, (http.Response, limiter));

        if (!lease.IsAcquired)
        {
            lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter);
            return new TooManyRequestsProblem(Message, retryAfter);
        }

        return await next(context);
    }
}
