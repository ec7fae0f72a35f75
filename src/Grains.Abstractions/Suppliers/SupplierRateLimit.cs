namespace Nox.Suppliers;

/// <summary>
/// A supplier's rate limit: a token bucket of <see cref="Burst"/> permits refilled at
/// <see cref="PermitsPerSecond"/>. Part of the configuration every API instance holds, so the limiter
/// reads it without a grain call.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierRateLimit")]
public sealed record SupplierRateLimit(
    [property: Id(0)] int PermitsPerSecond,
    [property: Id(1)] int Burst)
{
    public const int DefaultPermitsPerSecond = 500;

    public const int DefaultBurst = 1000;

    /// <summary>The largest value either member may have: keeps a window's arithmetic far from overflow.</summary>
    public const int Maximum = 1_000_000;

    public static SupplierRateLimit Default { get; } = new(DefaultPermitsPerSecond, DefaultBurst);

    /// <summary>Both members between 1 and <see cref="Maximum"/>.</summary>
    public static bool IsValidValue(long value) => value is >= 1 and <= Maximum;
}
