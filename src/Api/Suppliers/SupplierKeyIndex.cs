using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// The suppliers as one API instance knows them at one moment, indexed by the SHA-256 of each API key:
/// what <see cref="SupplierCatalog"/> loads, keeps fresh and looks keys up in. Immutable, so a request
/// reads it without a lock.
/// </summary>
public sealed class SupplierKeyIndex
{
    private readonly FrozenDictionary<string, (byte[] Digest, SupplierConfiguration Supplier)> byDigest;

    public SupplierKeyIndex(ImmutableArray<SupplierConfiguration> suppliers) =>
        byDigest = suppliers
            .SelectMany(s => s.ApiKeySha256.Select(hex => (Hex: hex, Digest: Convert.FromHexString(hex), Supplier: s)))
            .DistinctBy(k => k.Hex)
            .ToFrozenDictionary(k => k.Hex, k => (k.Digest, k.Supplier), StringComparer.Ordinal);

    /// <summary>
    /// Lookup is by digest, so its timing says nothing about the key; the final comparison is
    /// constant-time all the same.
    /// </summary>
    public SupplierConfiguration? Find(byte[] digest) =>
        byDigest.TryGetValue(Convert.ToHexStringLower(digest), out var entry)
        && CryptographicOperations.FixedTimeEquals(entry.Digest, digest)
            ? entry.Supplier
            : null;
}
