using Nox.Suppliers;

namespace Nox.RateLimits;

/// <summary>
/// One supplier's token bucket for the whole cluster, keyed by the supplier's name. API instances take
/// permits from it in chunks (leases) and spend them locally, so a request never waits for this grain
/// unless its instance has no unexpired permit left.
/// </summary>
[Alias("nox.ISupplierRateLimitGrain")]
public interface ISupplierRateLimitGrain : IGrainWithStringKey
{
    /// <summary>
    /// Puts back the <paramref name="returned"/> permits of the caller's earlier leases that went void unspent, then
    /// takes up to <paramref name="wanted"/> permits from the bucket, which holds at most
    /// <see cref="SupplierRateLimit.Burst"/> and refills at <see cref="SupplierRateLimit.PermitsPerSecond"/>
    /// (<paramref name="limit"/> is the supplier's limit as the caller's supplier list has it).
    /// </summary>
    [Alias("LeaseReturning")]
    Task<PermitGrant> LeaseAsync(int wanted, int returned, SupplierRateLimit limit);
}
