namespace Nox.Suppliers;

/// <summary>One supplier, keyed by its name. Holds its configuration in memory after the first read.</summary>
[Alias("nox.ISupplierGrain")]
public interface ISupplierGrain : IGrainWithStringKey
{
    /// <summary>Null when the supplier is unknown or has been removed.</summary>
    [Alias("GetConfiguration")]
    Task<SupplierConfiguration?> GetConfigurationAsync();

    /// <summary>Stores the configuration; a no-op when nothing changed.</summary>
    [Alias("Configure")]
    Task ConfigureAsync(SupplierConfiguration configuration);

    /// <summary>Removes the supplier: its keys stop working.</summary>
    [Alias("Remove")]
    Task RemoveAsync();
}
