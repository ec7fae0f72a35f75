using Nox.Suppliers;

namespace Nox.RateLimits;

/// <summary>
/// The token bucket behind <see cref="SupplierRateLimitGrain"/>: full (<see cref="SupplierRateLimit.Burst"/>)
/// when first used, refilled at <see cref="SupplierRateLimit.PermitsPerSecond"/> by the time that passed
/// between takes. Whatever it grants counts as spent until given back: permits an instance let go void unspent
/// come back with its next lease, still held to the burst, so a slow instance does not cost its supplier permits
/// it never used.
/// </summary>
public sealed class PermitBucket(TimeProvider time)
{
    private SupplierRateLimit? limit;
    private double tokens;
    private long refilledAt;

    /// <summary>
    /// Takes back <paramref name="returned"/> permits granted before and never spent, then grants up to
    /// <paramref name="wanted"/> permits under <paramref name="rateLimit"/> (which may have changed since the last take).
    /// </summary>
    public PermitGrant Take(int wanted, SupplierRateLimit rateLimit, int returned = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        ArgumentOutOfRangeException.ThrowIfNegative(returned);
        var now = time.GetTimestamp();
        tokens = limit is null
            ? rateLimit.Burst
            // Refilled at the rate that held while the time passed, then held to the (perhaps new) burst.
            : Math.Min(rateLimit.Burst, tokens + returned + (time.GetElapsedTime(refilledAt, now).TotalSeconds * limit.PermitsPerSecond));
        limit = rateLimit;
        refilledAt = now;

        var granted = (int)Math.Min(wanted, Math.Floor(tokens));
        tokens -= granted;
        var nextPermitIn = tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - tokens) / rateLimit.PermitsPerSecond);
        return new PermitGrant(granted, (int)Math.Floor(tokens), nextPermitIn);
    }
}
