using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>
/// What the service knows of a supplier. API keys are held only as lowercase hex SHA-256 digests.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierConfiguration")]
public sealed record SupplierConfiguration(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> ApiKeySha256,
    [property: Id(2)] ImmutableArray<string> AllowedRedirectUrls)
{
    /// <summary>Value equality, including the lists (records compare arrays by reference).</summary>
    public bool SameAs(SupplierConfiguration? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && ApiKeySha256.SequenceEqual(other.ApiKeySha256, StringComparer.Ordinal)
        && AllowedRedirectUrls.SequenceEqual(other.AllowedRedirectUrls, StringComparer.Ordinal);
}
