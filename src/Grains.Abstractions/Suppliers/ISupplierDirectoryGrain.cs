using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>
/// The list of suppliers (a single grain, key 0). API instances read it to build their in-process
/// key index, so resolving an API key costs no grain call per request.
/// </summary>
[Alias("nox.ISupplierDirectoryGrain")]
public interface ISupplierDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("GetSuppliers")]
    Task<ImmutableArray<SupplierConfiguration>> GetSuppliersAsync();

    /// <summary>
    /// Makes the suppliers that come from configuration exactly <paramref name="suppliers"/>:
    /// adds and updates them, and removes configuration suppliers that are no longer listed.
    /// Idempotent, so every silo can call it at start-up.
    /// </summary>
    [Alias("ApplyConfiguration")]
    Task ApplyConfigurationAsync(ImmutableArray<SupplierConfiguration> suppliers);
}
