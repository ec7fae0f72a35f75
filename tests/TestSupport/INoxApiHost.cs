namespace Nox.Testing;

/// <summary>The HTTP API under test and the cluster behind it, in one of the two topologies.</summary>
public interface INoxApiHost : IAsyncDisposable
{
    Topology Topology { get; }

    /// <summary>The cluster, for arranging state through grain interfaces.</summary>
    IGrainFactory Grains { get; }

    /// <summary>The services of the process that serves HTTP.</summary>
    IServiceProvider Services { get; }

    /// <summary>A client of the API that does not follow redirects.</summary>
    HttpClient CreateClient();

    static async Task<INoxApiHost> StartAsync(Topology topology, NoxApiHostOptions options) => topology switch
    {
        Topology.Split => await NoxApiFactory.StartAsync(options),
        _ => await CoHostedNoxApi.StartAsync(options),
    };
}
