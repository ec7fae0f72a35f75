using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>A supplier as a silo's configuration (<c>Nox:Suppliers:N:…</c>) describes it; keys as digests only.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.ConfiguredSupplier")]
public sealed record ConfiguredSupplier(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> ApiKeySha256,
    [property: Id(2)] ImmutableArray<string> AllowedRedirectUrls,
    [property: Id(3)] SupplierRateLimit RateLimit,
    [property: Id(4)] string? DisplayName = null);
