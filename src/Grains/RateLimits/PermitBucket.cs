using Nox.Suppliers;

namespace Nox.RateLimits;

/// <summary>
/// The token bucket behind <see cref="SupplierRateLimitGrain"/>: full (<see cref="SupplierRateLimit.Burst"/>)
/// when first used, refilled at <see cref="SupplierRateLimit.PermitsPerSecond"/> by the time that passed
/// between takes. Whatever it grants counts as spent at once: permits an instance lets expire are not given
/// back, which is what keeps the cluster's total at or below the limit.
/// </summary>
public sealed class PermitBucket(TimeProvider time)
{
    private SupplierRateLimit? limit;
    private double tokens;
    private long refilledAt;

    /// <summary>Grants up to <paramref name="wanted"/> permits under <paramref name="rateLimit"/> (which may have changed since the last take).</summary>
    public PermitGrant Take(int wanted, SupplierRateLimit rateLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        var now = time.GetTimestamp();
        tokens = limit is null
            ? rateLimit.Burst
            // Refilled at the rate that held while the time passed, then held to the (perhaps new) burst.
            : Math.Min(rateLimit.Burst, tokens + (time.GetElapsedTime(refilledAt, now).TotalSeconds * limit.PermitsPerSecond));
        limit = rateLimit;
        refilledAt = now;

        var granted = (int)Math.Min(wanted, Math.Floor(tokens));
        tokens -= granted;
        var nextPermitIn = tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - tokens) / rateLimit.PermitsPerSecond);
        return new PermitGrant(granted, (int)Math.Floor(tokens), nextPermitIn);
    }
}
