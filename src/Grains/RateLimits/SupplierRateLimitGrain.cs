using Nox.Suppliers;

namespace Nox.RateLimits;

/// <summary>
/// A supplier's cluster-wide bucket, in memory only: a lease is a few arithmetic operations, and an activation
/// that is lost (its silo gone, or idle long enough to be collected) starts full again, which gives the supplier
/// one extra burst at most. It uses the process clock (the unkeyed <see cref="TimeProvider"/>), not the domain
/// clock, because it measures time that really passed.
/// </summary>
public sealed class SupplierRateLimitGrain(TimeProvider time) : Grain, ISupplierRateLimitGrain
{
    private readonly PermitBucket bucket = new(time);

    public Task<PermitGrant> LeaseAsync(int wanted, int returned, SupplierRateLimit limit) =>
        Task.FromResult(bucket.Take(wanted, limit, returned));
}
