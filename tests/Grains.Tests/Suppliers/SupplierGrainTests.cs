using Microsoft.Extensions.DependencyInjection;
using Nox.Suppliers;
using Nox.Suppliers.Configuration;
using Orleans.Storage;

namespace Nox.Grains.Tests.Suppliers;

/// <summary>Suppliers from configuration at start-up, the grain's cache, its writes, and state written by earlier versions.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SupplierGrainTests(ClusterFixture fixture)
{
    private ISupplierDirectoryGrain Directory => fixture.Client.GetGrain<ISupplierDirectoryGrain>(0);

    private IGrainStorage Storage => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Suppliers);

    [Fact]
    public async Task Suppliers_from_configuration_are_created_at_start_up_with_hashed_keys_only()
    {
        var suppliers = await Directory.GetSuppliersAsync();

        var acme = Assert.Single(suppliers, s => s.Name == ClusterFixture.Supplier);
        var key = Assert.Single(acme.ApiKeys);
        Assert.Equal(SupplierOptions.HashApiKey(ClusterFixture.ApiKey), key.Sha256);
        Assert.Equal([key.Sha256], acme.ApiKeySha256.ToArray());
        Assert.Equal(["https://acme.example/return"], acme.AllowedRedirectUrls.ToArray());
        Assert.Equal(SupplierRateLimit.Default, acme.RateLimit);
        var details = await fixture.Client.GetGrain<ISupplierGrain>(ClusterFixture.Supplier).GetDetailsAsync();
        Assert.Equal(SupplierSource.Configuration, details!.Source);
        var listed = Assert.Single((await fixture.Client.GetGrain<ISupplierGrain>(ClusterFixture.Supplier).GetApiKeysAsync())!.Value);
        Assert.Null(listed.Prefix);
        Assert.Equal(SupplierSource.Configuration, listed.Source);
    }

    [Fact]
    public async Task Configuration_is_served_from_the_grain_cache_not_storage()
    {
        var name = $"cached-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<ISupplierGrain>(name);
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, new string('a', 64))]);

        // Rewrite the stored entry behind the grain's back: a cached grain keeps answering from memory.
        var state = new GrainState<SupplierState>(new SupplierState());
        await Storage.ReadStateAsync("supplier", grain.GetGrainId(), state);
        state.State!.AllowedRedirectUrls = ["https://elsewhere.example/"];
        await Storage.WriteStateAsync("supplier", grain.GetGrainId(), state);

        Assert.Equal([$"https://{name}.example/return"], (await grain.GetConfigurationAsync())!.AllowedRedirectUrls.ToArray());
    }

    [Fact]
    public async Task Applying_the_same_configuration_twice_writes_once()
    {
        var name = $"idempotent-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<ISupplierGrain>(name);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, new string('a', 64))]);
        var first = await StoredAsync(grain);
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, new string('a', 64))]);
        var second = await StoredAsync(grain);

        Assert.NotNull(first.ETag);
        Assert.Equal(first.ETag, second.ETag);
    }

    [Fact]
    public async Task State_written_before_the_admin_api_is_read_and_stored_once_with_key_ids_that_then_stay()
    {
        var name = $"legacy-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<ISupplierGrain>(name);
        var digests = new[] { new string('a', 64), new string('b', 64) };
        await Storage.WriteStateAsync("supplier", grain.GetGrainId(), new GrainState<SupplierState>(new SupplierState
        {
            Configuration = ClusterFixture.LegacySupplierConfiguration(name, digests),
        }));

        var configuration = await grain.GetConfigurationAsync();

        Assert.Equal(digests, configuration!.ApiKeys.Select(k => k.Sha256));
        Assert.Equal([$"https://{name}.example/return"], configuration.AllowedRedirectUrls.ToArray());
        Assert.Equal(SupplierSource.Configuration, (await grain.GetDetailsAsync())!.Source);
        var stored = (await StoredAsync(grain)).State!;
        Assert.Null(stored.Configuration);
        Assert.Equal(configuration.ApiKeys.Select(k => k.Id), stored.ApiKeys.Select(k => k.Id));
        Assert.All(stored.ApiKeys, k => Assert.StartsWith("key_", k.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Key_use_is_kept_in_memory_without_a_write_and_stored_with_the_next_change()
    {
        var name = $"use-{Guid.NewGuid():N}";
        var grain = fixture.Client.GetGrain<ISupplierGrain>(name);
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, new string('c', 64))]);
        var keyId = (await grain.GetConfigurationAsync())!.ApiKeys[0].Id;
        var before = await StoredAsync(grain);

        await grain.RecordApiKeyUseAsync([new ApiKeyUse(keyId, 1_800_000_100), new ApiKeyUse("key_unknown", 1_800_000_100)]);
        await grain.RecordApiKeyUseAsync([new ApiKeyUse(keyId, 1_800_000_050)]);

        Assert.Equal(1_800_000_100, (await grain.GetApiKeysAsync())!.Value.Single().LastUsedAt);
        Assert.Equal(before.ETag, (await StoredAsync(grain)).ETag);

        await Directory.UpdateAsync(name, new SupplierUpdate { SetsDisplayName = true, DisplayName = "Use" });
        Assert.Equal(1_800_000_100, (await StoredAsync(grain)).State!.ApiKeys.Single().LastUsedAt);
    }

    private async Task<GrainState<SupplierState>> StoredAsync(ISupplierGrain grain)
    {
        var state = new GrainState<SupplierState>(new SupplierState());
        await Storage.ReadStateAsync("supplier", grain.GetGrainId(), state);
        return state;
    }
}
