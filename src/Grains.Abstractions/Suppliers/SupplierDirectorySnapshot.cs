using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>Every supplier's configuration at one <see cref="Version"/> of the directory.</summary>
/// <param name="Unconfirmed">
/// Suppliers whose grain did not answer the directory's last command or read (a failed call may or may not
/// have changed them): <see cref="Suppliers"/> holds their last known configuration, if any, and their keys
/// are answered with 503 until the directory has read them again, rather than from a copy that may be stale.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierDirectorySnapshot")]
public sealed record SupplierDirectorySnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<SupplierConfiguration> Suppliers,
    [property: Id(2)] ImmutableArray<string> Unconfirmed);
