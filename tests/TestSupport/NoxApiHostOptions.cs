using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Nox.Testing;

/// <summary>How to build the API under test; the same options give the same service in either topology.</summary>
public sealed record NoxApiHostOptions
{
    /// <summary>Prefix of the cluster's fresh ServiceId.</summary>
    public required string Name { get; init; }

    /// <summary>Configuration of the silos and the API: suppliers and <c>Nox:</c> settings.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = TestSuppliers.Settings;

    /// <summary>The domain clock (<see cref="ServiceClock.Key"/>); the system clock when null.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>Test services added to the process that serves HTTP (exporters, fakes).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// Test services added to the silos (fakes of what grains depend on), after the Nox grains' own, so they
    /// replace them. Co-hosted, the process that serves HTTP is the silo.
    /// </summary>
    public Action<IServiceCollection>? ConfigureSiloServices { get; init; }

    /// <summary>Logging of the process that serves HTTP; co-hosted, that is the silo's too.</summary>
    public Action<ILoggingBuilder>? ConfigureApiLogging { get; init; }

    /// <summary>Logging of the silo; co-hosted, the same process as the API.</summary>
    public Action<ILoggingBuilder>? ConfigureSiloLogging { get; init; }

    /// <summary>Serve on Kestrel at this loopback port (a real browser needs a real server); the in-memory test server when null.</summary>
    public int? KestrelPort { get; init; }

    /// <summary>Split topology only: start no cluster, so the API keeps trying to reach one (503s).</summary>
    public bool WithoutCluster { get; init; }
}
