using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>A supplier to create through the admin API, already validated by the API.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.NewSupplier")]
public sealed record NewSupplier(
    [property: Id(0)] string Name,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] ImmutableArray<string> AllowedRedirectUrls,
    [property: Id(3)] SupplierRateLimit RateLimit);
