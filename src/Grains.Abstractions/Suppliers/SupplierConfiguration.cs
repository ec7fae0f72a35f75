using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>
/// What every API instance knows of a supplier (through <see cref="ISupplierDirectoryGrain"/>): the keys that
/// work, as SHA-256 digests with their ids and expiry, the allowed redirect URLs and the rate limit. Revoked
/// keys and deleted suppliers are never part of it.
/// </summary>
/// <param name="ApiKeySha256">
/// The digests of <see cref="ApiKeys"/>. State written before keys had ids stored only these; they are read
/// once, when such a supplier is first activated.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierConfiguration")]
public sealed record SupplierConfiguration(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<string> ApiKeySha256,
    [property: Id(2)] ImmutableArray<string> AllowedRedirectUrls)
{
    /// <summary>The keys that work (or will until their expiry).</summary>
    [Id(3)] public ImmutableArray<SupplierApiKey> ApiKeys { get; init; } = [];

    [Id(4)] public SupplierRateLimit RateLimit { get; init; } = SupplierRateLimit.Default;

    [Id(5)] public string? DisplayName { get; init; }

    /// <summary>A configuration with these keys: <see cref="ApiKeySha256"/> follows from them.</summary>
    public static SupplierConfiguration Create(
        string name,
        ImmutableArray<SupplierApiKey> keys,
        ImmutableArray<string> allowedRedirectUrls,
        SupplierRateLimit rateLimit,
        string? displayName = null) =>
        new(name, [.. keys.Select(k => k.Sha256)], allowedRedirectUrls)
        {
            ApiKeys = keys,
            RateLimit = rateLimit,
            DisplayName = displayName,
        };
}
