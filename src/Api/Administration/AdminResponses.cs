using System.ComponentModel;
using Nox.Suppliers;

namespace Nox.Api.Administration;

/// <summary>A supplier's rate limit: a token bucket of <c>burst</c> permits refilled at <c>permits_per_second</c>.</summary>
public sealed record RateLimitBody(
    [property: Description("Permits added per second, cluster-wide.")] int PermitsPerSecond,
    [property: Description("The most permits that can be used at once.")] int Burst)
{
    public static RateLimitBody From(SupplierRateLimit rateLimit) => new(rateLimit.PermitsPerSecond, rateLimit.Burst);
}

/// <summary>A supplier as the admin API shows it.</summary>
public sealed record SupplierResponse(
    [property: Description("The supplier's name: its id, and what link sessions give as supplier.")] string Name,
    [property: Description("The name people read, or null.")] string? DisplayName,
    [property: Description("The redirect URLs link sessions may use.")] IReadOnlyList<string> AllowedRedirectUrls,
    RateLimitBody RateLimit,
    [property: Description("Unix time (seconds) the supplier was created.")] long CreatedAt,
    [property: Description("api: created through this API; configuration: created from a silo's configuration (and changeable here).")] SupplierSource Source)
{
    public static SupplierResponse From(SupplierDetails supplier) => new(
        supplier.Name,
        supplier.DisplayName,
        supplier.AllowedRedirectUrls,
        RateLimitBody.From(supplier.RateLimit),
        supplier.CreatedAt,
        supplier.Source);
}

public sealed record SupplierListResponse([property: Description("Every supplier, by name.")] IReadOnlyList<SupplierResponse> Data);

/// <summary>A supplier's key as listed: never the key.</summary>
public sealed record ApiKeyResponse(
    [property: Description("The key's id.")] string Id,
    [property: Description("The key's first 12 characters, to tell keys apart; null for a key from configuration, of which only a digest is known.")] string? Prefix,
    [property: Description("Unix time (seconds) the key was issued.")] long CreatedAt,
    [property: Description("Unix time (seconds) from which the key no longer works, or null.")] long? ExpiresAt,
    [property: Description("Unix time (seconds) the key was revoked, or null.")] long? RevokedAt,
    [property: Description("Unix time (seconds) the key was last used, approximately (reported about every 30 s); null if never.")] long? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKeyDetails key) => new(key.Id, key.Prefix, key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.LastUsedAt);
}

public sealed record ApiKeyListResponse([property: Description("Every key the supplier has had, revoked and expired ones included, oldest first.")] IReadOnlyList<ApiKeyResponse> Data);

/// <summary>A key just issued: the only answer that ever holds the key.</summary>
public sealed record IssuedApiKeyResponse(
    [property: Description("The key's id.")] string Id,
    [property: Description("The key: nox_sk_ and 43 base64url characters (256 random bits). Shown only here; NOX keeps only its digest.")] string Key,
    [property: Description("The key's first 12 characters, as lists show them.")] string Prefix,
    [property: Description("Unix time (seconds) the key was issued.")] long CreatedAt,
    [property: Description("Unix time (seconds) from which the key no longer works, or null.")] long? ExpiresAt)
{
    public static IssuedApiKeyResponse From(ApiKeyDetails key, MintedApiKey minted) => new(key.Id, minted.Key, minted.Prefix, key.CreatedAt, key.ExpiresAt);
}
