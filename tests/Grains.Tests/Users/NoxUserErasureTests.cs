using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Nox.Users;
using Orleans.Storage;

namespace Nox.Grains.Tests.Users;

/// <summary>What a NOX user keeps of a brand's credentials, and that erasing the user or a brand erases them from storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NoxUserErasureTests(ClusterFixture fixture)
{
    private static string NewUserId() => $"erase-{Guid.NewGuid():N}";

    private INoxUserGrain UserGrain(string supplierUserId) => fixture.Client.GetGrain<INoxUserGrain>(NoxUserKey.For(ClusterFixture.Supplier, supplierUserId));

    private static DeviceLink Link(string userId, Brand brand, string? credentials) =>
        new(ClusterFixture.Supplier, userId, brand, ["d-1"], 1_800_000_000, credentials);

    private async Task<NoxUserState> StoredStateAsync(string userId) => (await StoredAsync(userId)).State ?? new NoxUserState();

    private async Task<GrainState<NoxUserState>> StoredAsync(string userId)
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Users);
        var state = new GrainState<NoxUserState>(new NoxUserState());
        await storage.ReadStateAsync(NoxUserGrain.StateName, UserGrain(userId).GetGrainId(), state);
        return state;
    }

    [Fact]
    public async Task Credentials_are_stored_per_brand_and_never_part_of_the_user_the_api_sees()
    {
        var userId = NewUserId();
        await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Daikin, "ciphertext-daikin"));
        await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Nibe, null));

        var stored = await StoredStateAsync(userId);

        Assert.Equal(new Dictionary<Brand, string> { [Brand.Daikin] = "ciphertext-daikin" }, stored.Credentials);
        Assert.DoesNotContain("ciphertext", (await UserGrain(userId).GetAsync())!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ciphertext", Link(userId, Brand.Daikin, "ciphertext-daikin").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linking_a_brand_again_without_credentials_drops_the_old_ones()
    {
        var userId = NewUserId();
        await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Daikin, "old"));

        await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Daikin, null));

        Assert.Empty((await StoredStateAsync(userId)).Credentials);
    }

    [Fact]
    public async Task Deleting_a_user_erases_its_entry_and_the_next_link_mints_a_new_nox_user_id()
    {
        var userId = NewUserId();
        var first = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Daikin, "ciphertext"));

        await UserGrain(userId).DeleteAsync();

        var stored = await StoredAsync(userId);
        Assert.False(stored.RecordExists);
        Assert.Null(stored.State?.NoxUserId);
        Assert.Null(await UserGrain(userId).GetAsync());
        var again = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Vaillant, null));
        Assert.NotEqual(first.NoxUserId, again.NoxUserId);
        Assert.Equal([Brand.Vaillant], again.Brands.Select(b => b.Brand));
        Assert.Empty((await StoredStateAsync(userId)).Credentials);
    }

    [Fact]
    public async Task Deleting_a_user_that_never_existed_is_no_error()
    {
        await UserGrain(NewUserId()).DeleteAsync();
    }

    [Fact]
    public async Task Unlinking_a_brand_erases_its_devices_and_credentials_and_keeps_the_rest()
    {
        var userId = NewUserId();
        await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Daikin, "daikin-ciphertext"));
        var before = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Nibe, "nibe-ciphertext"));

        await UserGrain(userId).UnlinkBrandAsync(Brand.Daikin);
        await UserGrain(userId).UnlinkBrandAsync(Brand.Daikin);

        var user = await UserGrain(userId).GetAsync();
        Assert.Equal(before.NoxUserId, user!.NoxUserId);
        Assert.Equal([Brand.Nibe], user.Brands.Select(b => b.Brand));
        Assert.Equal(new Dictionary<Brand, string> { [Brand.Nibe] = "nibe-ciphertext" }, (await StoredStateAsync(userId)).Credentials);
    }
}
