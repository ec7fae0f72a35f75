using System.Threading.RateLimiting;

namespace Nox.Api.RateLimits;

/// <summary>The answer of <see cref="LeasedPermitLimiter"/>: acquired, or refused with how long to wait.</summary>
public sealed class PermitLease : RateLimitLease
{
    public static readonly PermitLease Acquired = new(true, null);

    private readonly TimeSpan? retryAfter;

    private PermitLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        this.retryAfter = retryAfter;
    }

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static PermitLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = value;
            return true;
        }

        metadata = null;
        return false;
    }
}
