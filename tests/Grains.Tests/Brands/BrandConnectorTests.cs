using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Nox.Brands;
using Nox.LinkSessions;

namespace Nox.Grains.Tests.Brands;

public sealed class BrandConnectorTests
{
    [Fact]
    public void The_sandbox_serves_every_brand_by_default()
    {
        using var services = new ServiceCollection().AddNoxBrandConnectors().BuildServiceProvider();
        var registry = services.GetRequiredService<IBrandConnectorRegistry>();

        Assert.All(BrandNames.Brands, brand => Assert.IsType<SandboxBrandConnector>(registry.For(brand)));
    }

    [Fact]
    public void A_connector_registered_for_a_brand_serves_that_brand_only()
    {
        using var services = new ServiceCollection()
            .AddBrandConnector<FixedConnector>(Brand.Viessmann)
            .AddNoxBrandConnectors()
            .BuildServiceProvider();
        var registry = services.GetRequiredService<IBrandConnectorRegistry>();

        Assert.IsType<FixedConnector>(registry.For(Brand.Viessmann));
        Assert.All(BrandNames.Brands.Where(b => b != Brand.Viessmann), brand => Assert.IsType<SandboxBrandConnector>(registry.For(brand)));
    }

    [Fact]
    public async Task Sandbox_device_ids_are_deterministic_and_name_the_brand()
    {
        var sandbox = new SandboxBrandConnector();
        var account = new BrandAccount("acme", "user-1", Brand.SaunierDuval);

        var first = await sandbox.ConnectAsync(account, CancellationToken.None);
        var second = await sandbox.ConnectAsync(account, CancellationToken.None);

        var id = Assert.Single(first.DeviceIds);
        Assert.Matches("^sandbox-saunier-duval-[0-9a-f]{8}$", id);
        Assert.Equal(first.DeviceIds.ToArray(), second.DeviceIds.ToArray());
        Assert.Null(first.ProtectedCredentials);
    }

    [Theory]
    [InlineData("globex", "user-1", Brand.SaunierDuval)]
    [InlineData("acme", "user-2", Brand.SaunierDuval)]
    [InlineData("acme", "user-1", Brand.Daikin)]
    [InlineData("acmeu", "ser-1", Brand.SaunierDuval)]
    public void Sandbox_device_ids_differ_per_supplier_user_and_brand(string supplier, string userId, Brand brand)
    {
        Assert.NotEqual(
            SandboxBrandConnector.DeviceId(new BrandAccount("acme", "user-1", Brand.SaunierDuval))[^8..],
            SandboxBrandConnector.DeviceId(new BrandAccount(supplier, userId, brand))[^8..]);
    }

    private sealed class FixedConnector : IBrandConnector
    {
        public Task<BrandConnection> ConnectAsync(BrandAccount account, CancellationToken cancellationToken) =>
            Task.FromResult(new BrandConnection(ImmutableArray.Create("fixed")));
    }
}
