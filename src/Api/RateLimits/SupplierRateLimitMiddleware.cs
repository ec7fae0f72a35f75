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

    public Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<SupplierRateLimitMetadata>() is null
            || http.Features.Get<SupplierConfiguration>() is not { } supplier)
        {
            return next(http);
        }

        var limiter = limits.For(supplier);
        var acquiring = limiter.AcquireAsync(1, http.RequestAborted);
        // Without a wait (the instance holds a permit, or refuses at once) the request goes on without an async
        // layer of its own around the rest of the pipeline: that layer cost more than the permit.
        return acquiring.IsCompletedSuccessfully ? Answer(http, limiter, acquiring.Result) : WaitAsync(http, limiter, acquiring);
    }

    private async Task WaitAsync(HttpContext http, LeasedPermitLimiter limiter, ValueTask<RateLimitLease> acquiring) =>
        await Answer(http, limiter, await acquiring);

    private Task Answer(HttpContext http, LeasedPermitLimiter limiter, RateLimitLease lease)
    {
        using (lease)
        {
            http.Response.OnStarting(SetHeaders, (http.Response, limiter));
            if (!lease.IsAcquired)
            {
                lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
                return new TooManyRequestsProblem(Message, retryAfter).ExecuteAsync(http);
            }
        }

        // A permit is spent when taken: nothing is given back when the request ends.
        return next(http);
    }
}
