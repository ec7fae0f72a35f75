using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nox.Brands;
using Nox.Hosting;
using Nox.LinkSessions;
using Orleans.Storage;

namespace Nox.Testing.Faults;

/// <summary>
/// What a test cluster's silos need to fail on purpose: every grain storage provider behind a
/// <see cref="FaultInjectingGrainStorage"/> (inside the production <see cref="StorageFailureTranslation"/>,
/// so grains see exactly what they would see from Redis), and <see cref="ScriptedBrand"/> served by
/// <see cref="Connector"/>. One instance serves every silo of a cluster.
/// </summary>
public sealed class SiloFaults
{
    /// <summary>The brand whose connector tests script; tests that do not script it get the sandbox's answer.</summary>
    public const Brand ScriptedBrand = Brand.Viessmann;

    public StorageFaults Storage { get; } = new();

    public ScriptedBrandConnector Connector { get; } = new();

    /// <summary>Registers after <see cref="Nox.Hosting.SiloBuilderExtensions.AddNoxGrains"/> (in-memory storage): the later registrations win.</summary>
    public void AddTo(IServiceCollection services)
    {
        foreach (var name in GrainStorageNames.All)
        {
            services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new StorageFailureTranslation(
                new FaultInjectingGrainStorage(provider.GetRequiredKeyedService<IGrainStorage>(Nox.Hosting.SiloBuilderExtensions.MemoryProviderName(name)), Storage),
                provider.GetRequiredService<ILogger<StorageFailureTranslation>>()));
        }

        services.AddKeyedSingleton<IBrandConnector>(ScriptedBrand, Connector);
    }
}
