namespace Nox.Api.RateLimits;

public static class SupplierRateLimitEndpoints
{
    /// <summary>Limits the group's endpoints by their supplier's rate limit (they must require the supplier's key).</summary>
    public static RouteGroupBuilder RequireSupplierRateLimit(this RouteGroupBuilder group)
    {
        // One filter instance for every request: no allocation per request beyond the limiter's own.
        group.AddEndpointFilterFactory(static (factory, next) =>
        {
            var filter = factory.ApplicationServices.GetRequiredService<SupplierRateLimitFilter>();
            return invocation => filter.InvokeAsync(invocation, next);
        });
        return group.ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
