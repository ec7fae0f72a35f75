using System.Collections.Concurrent;
using Nox.Api.Hosting;
using Nox.RateLimits;
using Nox.Suppliers;

namespace Nox.Api.RateLimits;

/// <summary>This API instance's <see cref="LeasedPermitLimiter"/> per supplier, each leasing from its supplier's grain.</summary>
public sealed class SupplierRateLimits(IClusterAccess cluster, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, LeasedPermitLimiter> limiters = new(StringComparer.Ordinal);

    /// <summary>The supplier's limiter, following the limit its configuration has now.</summary>
    public LeasedPermitLimiter For(SupplierConfiguration supplier)
    {
        var limiter = limiters.GetOrAdd(supplier.Name, static (name, state) => new LeasedPermitLimiter(
            (wanted, returned, limit) => state.cluster.Grains.GetGrain<ISupplierRateLimitGrain>(name).LeaseAsync(wanted, returned, limit),
            state.supplier.RateLimit,
            state.time), (cluster, supplier, time));
        limiter.Limit = supplier.RateLimit;
        return limiter;
    }

    public void Dispose()
    {
        foreach (var limiter in limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
