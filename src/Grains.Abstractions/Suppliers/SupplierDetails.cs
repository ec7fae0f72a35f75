using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>A supplier as the admin API shows it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierDetails")]
public sealed record SupplierDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] ImmutableArray<string> AllowedRedirectUrls,
    [property: Id(3)] SupplierRateLimit RateLimit,
    [property: Id(4)] long CreatedAt,
    [property: Id(5)] SupplierSource Source);
