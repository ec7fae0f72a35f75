using Microsoft.Extensions.DependencyInjection;
using Nox.Suppliers.Configuration;
using Nox.Suppliers;
using Orleans.Storage;

namespace Nox.Grains.Tests.Suppliers;

[Collection(ClusterCollection.Name)]
public sealed class SupplierGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Suppliers_from_configuration_are_loaded_at_start_up_with_hashed_keys_only()
    {
        var suppliers = await fixture.Client.GetGrain<ISupplierDirectoryGrain>(0).GetSuppliersAsync();

        var acme = Assert.Single(suppliers, s => s.Name == ClusterFixture.Supplier);
        Assert.Equal([SupplierOptions.HashApiKey(ClusterFixture.ApiKey)], acme.ApiKeySha256.ToArray());
        Assert.DoesNotContain(ClusterFixture.ApiKey, acme.ApiKeySha256);
        Assert.Equal(["https://acme.example/return"], acme.AllowedRedirectUrls.ToArray());
    }

    [Fact]
    public async Task Configuration_is_served_from_the_grain_cache_not_storage()
    {
        var name = $"cached-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<ISupplierGrain>(name);
        await grain.ConfigureAsync(ClusterFixture.SupplierConfiguration(name, "aa"));

        // Rewrite the stored entry behind the grain's back: a cached grain keeps answering from memory.
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Suppliers);
        var state = new GrainState<SupplierState>(new SupplierState());
        await storage.ReadStateAsync("supplier", grain.GetGrainId(), state);
        state.State!.Configuration = ClusterFixture.SupplierConfiguration(name, "bb");
        await storage.WriteStateAsync("supplier", grain.GetGrainId(), state);

        Assert.Equal(["aa"], (await grain.GetConfigurationAsync())!.ApiKeySha256.ToArray());
    }

    [Fact]
    public async Task Configuring_the_same_supplier_twice_writes_once()
    {
        var name = $"idempotent-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<ISupplierGrain>(name);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Suppliers);

        await grain.ConfigureAsync(ClusterFixture.SupplierConfiguration(name, "aa"));
        var first = new GrainState<SupplierState>(new SupplierState());
        await storage.ReadStateAsync("supplier", grain.GetGrainId(), first);

        await grain.ConfigureAsync(ClusterFixture.SupplierConfiguration(name, "aa"));
        var second = new GrainState<SupplierState>(new SupplierState());
        await storage.ReadStateAsync("supplier", grain.GetGrainId(), second);

        Assert.NotNull(first.ETag);
        Assert.Equal(first.ETag, second.ETag);
    }

    [Fact]
    public async Task Applying_configuration_updates_adds_and_removes_configured_suppliers()
    {
        var directory = fixture.Client.GetGrain<ISupplierDirectoryGrain>(0);
        var original = await directory.GetSuppliersAsync();
        try
        {
            var updatedAcme = ClusterFixture.SupplierConfiguration(ClusterFixture.Supplier, "cc");
            var added = ClusterFixture.SupplierConfiguration("initech", "dd");
            await directory.ApplyConfigurationAsync(ClusterFixture.Array(updatedAcme, added));
            await directory.ApplyConfigurationAsync(ClusterFixture.Array(updatedAcme, added));

            var suppliers = await directory.GetSuppliersAsync();
            Assert.Equal(["acme", "initech"], suppliers.Select(s => s.Name).Order());
            Assert.Equal(["cc"], suppliers.Single(s => s.Name == "acme").ApiKeySha256.ToArray());

            await directory.ApplyConfigurationAsync(ClusterFixture.Array(updatedAcme));
            Assert.Equal(["acme"], (await directory.GetSuppliersAsync()).Select(s => s.Name));
            Assert.Null(await fixture.Client.GetGrain<ISupplierGrain>("initech").GetConfigurationAsync());
        }
        finally
        {
            await directory.ApplyConfigurationAsync(original);
        }
    }
}
