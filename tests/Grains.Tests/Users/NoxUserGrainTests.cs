using Nox.LinkSessions;
using Nox.Users;

namespace Nox.Grains.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class NoxUserGrainTests(ClusterFixture fixture)
{
    private static string NewUserId() => $"user-{Guid.NewGuid():N}";

    private INoxUserGrain UserGrain(string supplierUserId, string supplier = ClusterFixture.Supplier) =>
        fixture.Client.GetGrain<INoxUserGrain>(NoxUserKey.For(supplier, supplierUserId));

    private static DeviceLink Link(string supplierUserId, Brand brand, string[] devices, long connectedAt = 1_800_000_000, string supplier = ClusterFixture.Supplier) =>
        new(supplier, supplierUserId, brand, [.. devices], connectedAt);

    [Fact]
    public async Task An_unknown_user_does_not_exist()
    {
        Assert.Null(await UserGrain(NewUserId()).GetAsync());
    }

    [Fact]
    public async Task The_first_link_mints_a_nox_user_id_and_records_the_devices()
    {
        var userId = NewUserId();

        var user = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Daikin, ["d-1", "d-2"], 1_800_000_123));

        Assert.True(Guid.TryParse(user.NoxUserId, out _));
        Assert.Equal(ClusterFixture.Supplier, user.Supplier);
        Assert.Equal(userId, user.SupplierUserId);
        var linked = Assert.Single(user.Brands);
        Assert.Equal(Brand.Daikin, linked.Brand);
        Assert.Equal(["d-1", "d-2"], linked.DeviceIds.ToArray());
        Assert.Equal(1_800_000_123, linked.ConnectedAt);
        Assert.Equal(user, await UserGrain(userId).GetAsync(), NoxUserComparer.Instance);
    }

    [Fact]
    public async Task Relinking_a_brand_keeps_the_nox_user_id_and_replaces_only_that_brands_devices()
    {
        var userId = NewUserId();
        var grain = UserGrain(userId);
        var first = await grain.LinkDevicesAsync(Link(userId, Brand.Vaillant, ["v-old-1", "v-old-2"]));
        await grain.LinkDevicesAsync(Link(userId, Brand.Bulex, ["b-1"]));

        var relinked = await grain.LinkDevicesAsync(Link(userId, Brand.Vaillant, ["v-new"], 1_800_000_500));

        Assert.Equal(first.NoxUserId, relinked.NoxUserId);
        Assert.Equal([Brand.Bulex, Brand.Vaillant], relinked.Brands.Select(b => b.Brand));
        Assert.Equal(["b-1"], relinked.Brands[0].DeviceIds.ToArray());
        Assert.Equal(["v-new"], relinked.Brands[1].DeviceIds.ToArray());
        Assert.Equal(1_800_000_500, relinked.Brands[1].ConnectedAt);
    }

    [Fact]
    public async Task The_nox_user_id_survives_deactivation()
    {
        var userId = NewUserId();
        var first = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Nibe, ["n-1"]));

        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Nibe, ["n-1"]));

        Assert.Equal(first.NoxUserId, again.NoxUserId);
    }

    [Fact]
    public async Task Another_supplier_user_id_is_another_nox_user()
    {
        var (alice, bob) = (NewUserId(), NewUserId());

        var a = await UserGrain(alice).LinkDevicesAsync(Link(alice, Brand.Lg, ["lg-a"]));
        var b = await UserGrain(bob).LinkDevicesAsync(Link(bob, Brand.Lg, ["lg-b"]));

        Assert.NotEqual(a.NoxUserId, b.NoxUserId);
        Assert.Equal(["lg-a"], (await UserGrain(alice).GetAsync())!.Brands.Single().DeviceIds.ToArray());
    }

    [Fact]
    public async Task The_same_supplier_user_id_at_another_supplier_is_another_nox_user()
    {
        var userId = NewUserId();

        var atAcme = await UserGrain(userId).LinkDevicesAsync(Link(userId, Brand.Toshiba, ["t-1"]));
        var atGlobex = await UserGrain(userId, ClusterFixture.OtherSupplier)
            .LinkDevicesAsync(Link(userId, Brand.Toshiba, ["t-1"], supplier: ClusterFixture.OtherSupplier));

        Assert.NotEqual(atAcme.NoxUserId, atGlobex.NoxUserId);
    }

    [Fact]
    public async Task A_link_for_another_user_than_the_grains_key_is_refused()
    {
        var userId = NewUserId();

        await Assert.ThrowsAsync<ArgumentException>(() => UserGrain(userId).LinkDevicesAsync(Link(NewUserId(), Brand.Thermia, ["x"])));
        Assert.Null(await UserGrain(userId).GetAsync());
    }

    [Fact]
    public void User_keys_do_not_collide_when_supplier_and_user_id_split_differently()
    {
        Assert.NotEqual(NoxUserKey.For("ab", "c"), NoxUserKey.For("a", "bc"));
        Assert.NotEqual(NoxUserKey.For("a", ""), NoxUserKey.For("", "a"));
        Assert.Equal(NoxUserKey.For("acme", "user-1"), NoxUserKey.For("acme", "user-1"));
        Assert.DoesNotContain("user-1", NoxUserKey.For("acme", "user-1"), StringComparison.Ordinal);
    }

    /// <summary>Records compare ImmutableArray members by reference; compare their contents.</summary>
    private sealed class NoxUserComparer : IEqualityComparer<NoxUser?>
    {
        public static NoxUserComparer Instance { get; } = new();

        public bool Equals(NoxUser? x, NoxUser? y) =>
            x is not null && y is not null
            && (x.NoxUserId, x.Supplier, x.SupplierUserId) == (y.NoxUserId, y.Supplier, y.SupplierUserId)
            && x.Brands.Length == y.Brands.Length
            && x.Brands.Zip(y.Brands).All(p => p.First.Brand == p.Second.Brand && p.First.ConnectedAt == p.Second.ConnectedAt && p.First.DeviceIds.SequenceEqual(p.Second.DeviceIds));

        public int GetHashCode(NoxUser? obj) => obj?.NoxUserId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
