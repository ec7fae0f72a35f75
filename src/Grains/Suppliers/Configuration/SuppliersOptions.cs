using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Nox.Suppliers;

namespace Nox.Suppliers.Configuration;

/// <summary>Suppliers from configuration: <c>Nox:Suppliers:N:…</c>.</summary>
public sealed class SuppliersOptions
{
    public const string Section = "Nox";

    public List<SupplierOptions> Suppliers { get; set; } = [];

    public ImmutableArray<SupplierConfiguration> ToConfigurations() => [.. Suppliers.Select(s => s.ToConfiguration())];
}

public sealed class SupplierOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Plain-text keys, for development; they are hashed here and never stored.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Lowercase hex SHA-256 digests of keys, for production.</summary>
    public List<string> ApiKeySha256 { get; set; } = [];

    public List<string> AllowedRedirectUrls { get; set; } = [];

    public SupplierConfiguration ToConfiguration() => new(
        Name,
        [.. ApiKeys.Select(HashApiKey).Concat(ApiKeySha256.Select(h => h.ToLowerInvariant())).Distinct().Order(StringComparer.Ordinal)],
        [.. AllowedRedirectUrls.Distinct(StringComparer.Ordinal)]);

    public static string HashApiKey(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
