namespace Nox.Suppliers;

/// <summary>A key as the admin API lists it: never the key, nor its digest.</summary>
/// <param name="Prefix">The key's first 12 characters; null for keys from configuration, of which only a digest is known.</param>
/// <param name="LastUsedAt">Approximate: API instances report use about every 30 s (see docs/administration.md).</param>
[GenerateSerializer]
[Immutable]
[Alias("nox.ApiKeyDetails")]
public sealed record ApiKeyDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Prefix,
    [property: Id(2)] long CreatedAt,
    [property: Id(3)] long? ExpiresAt,
    [property: Id(4)] long? RevokedAt,
    [property: Id(5)] long? LastUsedAt,
    [property: Id(6)] SupplierSource Source);
