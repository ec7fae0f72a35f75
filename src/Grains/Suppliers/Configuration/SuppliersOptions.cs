using System.Collections.Immutable;
using Nox.Suppliers;

namespace Nox.Suppliers.Configuration;

/// <summary>Suppliers from configuration: <c>Nox:Suppliers:N:…</c>.</summary>
public sealed class SuppliersOptions
{
    public const string Section = "Nox";

    public List<SupplierOptions> Suppliers { get; set; } = [];

    public ImmutableArray<ConfiguredSupplier> ToConfiguredSuppliers() => [.. Suppliers.Select(s => s.ToConfiguredSupplier())];
}

public sealed class SupplierOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Optional: the name people read; the admin API calls it <c>display_name</c>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Plain-text keys, for development; they are hashed here and never stored.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Lowercase hex SHA-256 digests of keys, for production.</summary>
    public List<string> ApiKeySha256 { get; set; } = [];

    public List<string> AllowedRedirectUrls { get; set; } = [];

    public RateLimitOptions RateLimit { get; set; } = new();

    public ConfiguredSupplier ToConfiguredSupplier() => new(
        Name,
        [.. ApiKeys.Select(HashApiKey).Concat(ApiKeySha256.Select(h => h.ToLowerInvariant())).Distinct().Order(StringComparer.Ordinal)],
        [.. AllowedRedirectUrls.Distinct(StringComparer.Ordinal)],
        new SupplierRateLimit(RateLimit.PermitsPerSecond, RateLimit.Burst),
        string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName);

    public static string HashApiKey(string apiKey) => ApiKeyDigest.Of(apiKey);
}

/// <summary><c>Nox:Suppliers:N:RateLimit:…</c>.</summary>
public sealed class RateLimitOptions
{
    public int PermitsPerSecond { get; set; } = SupplierRateLimit.DefaultPermitsPerSecond;

    public int Burst { get; set; } = SupplierRateLimit.DefaultBurst;
}
