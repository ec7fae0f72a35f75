using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// Each brand's connector is the <see cref="IBrandConnector"/> registered under that brand as key
/// (<see cref="BrandConnectorServiceCollectionExtensions.AddBrandConnector{TConnector}"/>), else the sandbox.
/// </summary>
public sealed class BrandConnectorRegistry(IServiceProvider services, SandboxBrandConnector sandbox) : IBrandConnectorRegistry
{
    private readonly FrozenDictionary<Brand, IBrandConnector> connectors =
        BrandNames.Brands.ToFrozenDictionary(brand => brand, brand => services.GetKeyedService<IBrandConnector>(brand) ?? sandbox);

    public IBrandConnector For(Brand brand) => connectors[brand];
}
