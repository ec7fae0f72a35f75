using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nox.LinkSessions;

namespace Nox.Brands;

public static class BrandConnectorServiceCollectionExtensions
{
    /// <summary>
    /// The connector registry, with the sandbox serving every brand that has no connector of its own, and
    /// <see cref="BrandConnections"/>, through which every connector is called.
    /// </summary>
    public static IServiceCollection AddNoxBrandConnectors(this IServiceCollection services)
    {
        services.TryAddSingleton<SandboxBrandConnector>();
        services.TryAddSingleton<IBrandConnectorRegistry, BrandConnectorRegistry>();
        services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        services.TryAddSingleton<BrandConnections>();
        return services;
    }

    /// <summary>Makes <typeparamref name="TConnector"/> the connector of <paramref name="brand"/>.</summary>
    public static IServiceCollection AddBrandConnector<TConnector>(this IServiceCollection services, Brand brand)
        where TConnector : class, IBrandConnector =>
        services.AddKeyedSingleton<IBrandConnector, TConnector>(brand);
}
