namespace Nox.Api.RateLimits;

/// <summary>Marks an endpoint limited by its supplier's rate limit (<see cref="SupplierRateLimitMiddleware"/>).</summary>
public sealed class SupplierRateLimitMetadata
{
    public static readonly SupplierRateLimitMetadata Instance = new();

    private SupplierRateLimitMetadata()
    {
    }
}
