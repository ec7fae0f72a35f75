using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nox.Hosting;
using Orleans.TestingHost;

namespace Nox.Testing;

/// <summary>
/// An in-process Orleans cluster whose silos hold the Nox grains exactly as a Nox silo does
/// (<see cref="SiloBuilderExtensions.AddNoxGrains"/>), on in-memory storage.
/// </summary>
public static class NoxTestCluster
{
    /// <param name="name">Prefix of the cluster's fresh ServiceId.</param>
    /// <param name="settings">Configuration the silos read (suppliers).</param>
    /// <param name="clock">Replaces the domain clock (<see cref="ServiceClock.Key"/>) when given.</param>
    /// <param name="configure">Anything else, such as log capture.</param>
    public static async Task<InProcessTestCluster> DeployAsync(
        string name,
        IReadOnlyDictionary<string, string?> settings,
        TimeProvider? clock = null,
        short silos = 1,
        Action<InProcessTestClusterBuilder>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = $"{name}-{Guid.NewGuid():N}";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddNoxGrains(configuration);
            if (clock is not null)
            {
                silo.Services.AddKeyedSingleton(ServiceClock.Key, clock);
            }
        });
        // As the API's own cluster client: grain calls carry the HTTP request's trace.
        builder.ConfigureClient(client => client.AddActivityPropagation());
        configure?.Invoke(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static async Task StopAsync(InProcessTestCluster? cluster)
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
