namespace Nox.Api.RateLimits;

public static class SupplierRateLimitEndpoints
{
    /// <summary>Limits the group's endpoints by their supplier's rate limit (they must require the supplier's key).</summary>
    public static RouteGroupBuilder RequireSupplierRateLimit(this RouteGroupBuilder group) =>
        group.WithMetadata(SupplierRateLimitMetadata.Instance).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>After the key check: the supplier is known by then, and a refused key is answered 401 before any permit is spent.</summary>
    public static IApplicationBuilder UseSupplierRateLimits(this IApplicationBuilder app) => app.UseMiddleware<SupplierRateLimitMiddleware>();
}
