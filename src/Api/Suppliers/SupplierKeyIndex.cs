using System.Collections.Frozen;
using System.Security.Cryptography;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// The suppliers as one API instance knows them at one directory version, indexed by the SHA-256 of each key
/// that works: what <see cref="SupplierCatalog"/> loads, keeps fresh and looks keys up in. Immutable, so a
/// request reads it without a lock.
/// </summary>
public sealed class SupplierKeyIndex
{
    public static SupplierKeyIndex Empty { get; } = new(new SupplierDirectorySnapshot(0, [], []), previous: null);

    private readonly FrozenDictionary<string, Entry> byDigest;
    private readonly FrozenDictionary<string, SupplierConfiguration> byName;

    /// <param name="previous">
    /// The index this one replaces: an unconfirmed supplier the snapshot has no configuration for keeps the
    /// one it had here (its keys then answer 503, not 401).
    /// </param>
    public SupplierKeyIndex(SupplierDirectorySnapshot snapshot, SupplierKeyIndex? previous)
    {
        var unconfirmed = snapshot.Unconfirmed.ToHashSet(StringComparer.Ordinal);
        var suppliers = snapshot.Suppliers.ToList();
        if (previous is not null)
        {
            suppliers.AddRange(unconfirmed
                .Where(name => !suppliers.Exists(s => s.Name == name) && previous.byName.ContainsKey(name))
                .Select(name => previous.byName[name]));
        }

        byName = suppliers.DistinctBy(s => s.Name).ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
        byDigest = suppliers
            .SelectMany(s => s.ApiKeys.Select(k => (Key: k, Supplier: s)))
            .DistinctBy(k => k.Key.Sha256)
            .ToFrozenDictionary(
                k => k.Key.Sha256,
                k => new Entry(Convert.FromHexString(k.Key.Sha256), k.Supplier, k.Key, unconfirmed.Contains(k.Supplier.Name)),
                StringComparer.Ordinal);
    }

    /// <summary>
    /// The key with this digest if it works at <paramref name="now"/> (Unix seconds); an expired key is
    /// unknown at once, whatever the age of the copy. Lookup is by digest, so its timing says nothing about
    /// the key; the final comparison is constant-time all the same.
    /// </summary>
    public KeyLookup Find(byte[] digest, long now) =>
        byDigest.TryGetValue(Convert.ToHexStringLower(digest), out var entry)
        && CryptographicOperations.FixedTimeEquals(entry.Digest, digest)
        && entry.Key.WorksAt(now)
            ? new KeyLookup(entry.Supplier, entry.Key, entry.Unconfirmed)
            : KeyLookup.Unknown;

    private sealed record Entry(byte[] Digest, SupplierConfiguration Supplier, SupplierApiKey Key, bool Unconfirmed);
}

/// <summary>What a key is worth in one copy of the supplier list.</summary>
/// <param name="Unconfirmed">The directory could not confirm the supplier's configuration: the key may have been revoked.</param>
public sealed record KeyLookup(SupplierConfiguration? Supplier, SupplierApiKey? Key, bool Unconfirmed)
{
    public static KeyLookup Unknown { get; } = new(null, null, false);

    public bool Found => Supplier is not null;
}
