namespace Nox.RateLimits;

/// <summary>
/// What a supplier's cluster-wide bucket (<see cref="ISupplierRateLimitGrain"/>) gave an API instance: up to
/// the permits it asked for, what the bucket still holds after that, and how long until it holds a whole
/// permit again (zero while it holds one).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.PermitGrant")]
public sealed record PermitGrant(
    [property: Id(0)] int Granted,
    [property: Id(1)] int Remaining,
    [property: Id(2)] TimeSpan NextPermitIn);
