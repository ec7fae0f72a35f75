using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>The single list of suppliers; each supplier's configuration stays in its own grain.</summary>
public sealed class SupplierDirectoryGrain(
    [PersistentState("directory", GrainStorageNames.Suppliers)] IPersistentState<SupplierDirectoryState> directory)
    : Grain, ISupplierDirectoryGrain
{
    public async Task<ImmutableArray<SupplierConfiguration>> GetSuppliersAsync()
    {
        var configurations = await Task.WhenAll(
            directory.State.Configured.Select(name => GrainFactory.GetGrain<ISupplierGrain>(name).GetConfigurationAsync()));
        return [.. configurations.OfType<SupplierConfiguration>()];
    }

    public async Task ApplyConfigurationAsync(ImmutableArray<SupplierConfiguration> suppliers)
    {
        var names = new SortedSet<string>(suppliers.Select(s => s.Name), StringComparer.Ordinal);
        if (names.Count != suppliers.Length)
        {
            throw new ArgumentException("Supplier names must be unique.", nameof(suppliers));
        }

        await Task.WhenAll(suppliers.Select(s => GrainFactory.GetGrain<ISupplierGrain>(s.Name).ConfigureAsync(s)));
        await Task.WhenAll(directory.State.Configured.Except(names, StringComparer.Ordinal)
            .Select(name => GrainFactory.GetGrain<ISupplierGrain>(name).RemoveAsync()));

        if (!directory.State.Configured.SetEquals(names))
        {
            directory.State.Configured = names;
            await directory.WriteStateAsync();
        }
    }
}
