using Nox.Suppliers;

namespace Nox.Grains.Tests.Suppliers;

/// <summary>
/// The rule of docs/configuration.md: configuration creates a supplier that never existed, adds key digests it
/// never had, and sets the fields no admin has set; nothing it says undoes an admin change, revives a revoked
/// key or brings back a deleted supplier. (A silo applies its configuration at every start.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SupplierConfigurationRuleTests(ClusterFixture fixture)
{
    private static readonly string KeyA = new('a', 64);
    private static readonly string KeyB = new('b', 64);

    private ISupplierDirectoryGrain Directory => fixture.Client.GetGrain<ISupplierDirectoryGrain>(0);

    [Fact]
    public async Task Configuration_creates_a_supplier_that_never_existed_with_source_configuration()
    {
        var name = NewName();

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA) with { DisplayName = "Configured", RateLimit = new SupplierRateLimit(5, 10) }]);

        var details = (await Grain(name).GetDetailsAsync())!;
        Assert.Equal(("Configured", SupplierSource.Configuration, new SupplierRateLimit(5, 10)), (details.DisplayName, details.Source, details.RateLimit));
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), details.CreatedAt);
        Assert.Equal([$"https://{name}.example/return"], details.AllowedRedirectUrls.ToArray());
        Assert.Equal([KeyA], await PublishedKeysAsync(name));
    }

    [Fact]
    public async Task Configuration_adds_a_key_digest_the_supplier_never_had_and_removes_none()
    {
        var name = NewName();
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA)]);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyB)]);

        Assert.Equal([KeyA, KeyB], await PublishedKeysAsync(name));
    }

    [Fact]
    public async Task Configuration_never_revives_a_revoked_key()
    {
        var name = NewName();
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA, KeyB)]);
        var keyA = (await Grain(name).GetConfigurationAsync())!.ApiKeys.Single(k => k.Sha256 == KeyA);
        Assert.True((await Directory.RevokeApiKeyAsync(name, keyA.Id)).Succeeded);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA, KeyB)]);

        Assert.Equal([KeyB], await PublishedKeysAsync(name));
        Assert.NotNull((await Grain(name).GetApiKeysAsync())!.Value.Single(k => k.Id == keyA.Id).RevokedAt);
    }

    [Fact]
    public async Task Configuration_never_revives_an_expired_key()
    {
        var name = NewName();
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA)]);
        var keyA = (await Grain(name).GetConfigurationAsync())!.ApiKeys.Single();
        Assert.True((await Directory.RotateApiKeyAsync(name, keyA.Id, new NewApiKey(KeyB, "nox_sk_bbbbb"), graceSeconds: 0)).Succeeded);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA)]);

        Assert.Equal([KeyB], await PublishedKeysAsync(name));
    }

    [Fact]
    public async Task Configuration_never_brings_back_a_deleted_supplier_nor_its_keys()
    {
        var name = NewName();
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA)]);
        Assert.True((await Directory.DeleteAsync(name)).Succeeded);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA, KeyB)]);

        Assert.Null(await Grain(name).GetDetailsAsync());
        Assert.Null(await Grain(name).GetConfigurationAsync());
        Assert.DoesNotContain(await Directory.GetSuppliersAsync(), s => s.Name == name);
    }

    [Fact]
    public async Task Configuration_leaves_the_fields_an_admin_set_and_keeps_setting_the_others()
    {
        var name = NewName();
        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA)]);
        Assert.True((await Directory.UpdateAsync(name, new SupplierUpdate { AllowedRedirectUrls = ["https://admin.example/return"] })).Succeeded);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA) with
        {
            AllowedRedirectUrls = ["https://configured.example/return"],
            RateLimit = new SupplierRateLimit(7, 70),
            DisplayName = "From configuration",
        }]);

        var details = (await Grain(name).GetDetailsAsync())!;
        Assert.Equal(["https://admin.example/return"], details.AllowedRedirectUrls.ToArray());
        Assert.Equal(new SupplierRateLimit(7, 70), details.RateLimit);
        Assert.Equal("From configuration", details.DisplayName);
        Assert.Equal(SupplierSource.Configuration, details.Source);
    }

    [Fact]
    public async Task Configuration_adds_keys_to_a_supplier_the_admin_api_created_and_changes_none_of_its_fields()
    {
        var name = NewName();
        Assert.True((await Directory.CreateAsync(new NewSupplier(name, "Admin", ["https://admin.example/return"], new SupplierRateLimit(1, 2)))).Succeeded);

        await Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA)]);

        var details = (await Grain(name).GetDetailsAsync())!;
        Assert.Equal(("Admin", SupplierSource.Api, new SupplierRateLimit(1, 2)), (details.DisplayName, details.Source, details.RateLimit));
        Assert.Equal(["https://admin.example/return"], details.AllowedRedirectUrls.ToArray());
        Assert.Equal([KeyA], await PublishedKeysAsync(name));
    }

    [Fact]
    public async Task Configuration_that_names_a_supplier_twice_is_refused()
    {
        var name = NewName();

        await Assert.ThrowsAsync<ArgumentException>(() => Directory.ApplyConfigurationAsync([ClusterFixture.ConfiguredSupplier(name, KeyA), ClusterFixture.ConfiguredSupplier(name, KeyB)]));
    }

    private static string NewName() => $"rule-{Guid.NewGuid():N}"[..24];

    private ISupplierGrain Grain(string name) => fixture.Client.GetGrain<ISupplierGrain>(name);

    /// <summary>The key digests API instances get for the supplier, from the directory.</summary>
    private async Task<string[]> PublishedKeysAsync(string name) =>
        [.. (await Directory.GetSuppliersAsync()).Single(s => s.Name == name).ApiKeys.Select(k => k.Sha256)];
}
