namespace Nox.Suppliers;

/// <summary>
/// One supplier. Its configuration is read from storage once per activation and served from memory
/// after that; suppliers are few and hot, so they keep the default collection age.
/// </summary>
public sealed class SupplierGrain(
    [PersistentState("supplier", GrainStorageNames.Suppliers)] IPersistentState<SupplierState> supplier)
    : Grain, ISupplierGrain
{
    public Task<SupplierConfiguration?> GetConfigurationAsync() => Task.FromResult(supplier.State.Configuration);

    public async Task ConfigureAsync(SupplierConfiguration configuration)
    {
        if (!string.Equals(configuration.Name, this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException("A supplier's name is its key.", nameof(configuration));
        }

        if (configuration.SameAs(supplier.State.Configuration))
        {
            return;
        }

        supplier.State.Configuration = configuration;
        await supplier.WriteStateAsync();
    }

    public async Task RemoveAsync()
    {
        if (supplier.State.Configuration is null)
        {
            return;
        }

        supplier.State.Configuration = null;
        await supplier.WriteStateAsync();
    }
}
