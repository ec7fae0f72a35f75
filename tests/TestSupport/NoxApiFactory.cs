using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nox.Api.Hosting;
using Orleans.TestingHost;

namespace Nox.Testing;

/// <summary>
/// The split topology: the API process's own <c>Program</c> in front of an in-process test cluster whose
/// client replaces the one Program builds. It owns the cluster and the supplier configuration
/// (<see cref="NoxApiHostOptions.Settings"/>); every split fixture is built from it.
/// </summary>
public sealed class NoxApiFactory : WebApplicationFactory<Program>, INoxApiHost
{
    private readonly NoxApiHostOptions options;
    private InProcessTestCluster? cluster;

    private NoxApiFactory(NoxApiHostOptions options) => this.options = options;

    public Topology Topology => Topology.Split;

    public IGrainFactory Grains => cluster?.Client ?? throw new InvalidOperationException("This API has no cluster.");

    public static async Task<NoxApiFactory> StartAsync(NoxApiHostOptions options)
    {
        var factory = new NoxApiFactory(options);
        if (!options.WithoutCluster)
        {
            factory.cluster = await NoxTestCluster.DeployAsync(
                options.Name,
                options.Settings,
                options.Clock,
                configure: builder =>
                {
                    builder.ConfigureSiloHost((_, host) => options.ConfigureSiloLogging?.Invoke(host.Logging));
                    builder.ConfigureSilo((_, silo) => options.ConfigureSiloServices?.Invoke(silo.Services));
                });
        }

        if (options.KestrelPort is { } port)
        {
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        }

        factory.StartServer();
        return factory;
    }

    public new HttpClient CreateClient() => options.KestrelPort is { } port
        ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") }
        : CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder web)
    {
        foreach (var (key, value) in options.Settings)
        {
            web.UseSetting(key, value);
        }

        if (options.WithoutCluster)
        {
            // A gateway nothing listens on: the client keeps trying, the API answers 503.
            web.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (options.ConfigureApiLogging is { } logging)
        {
            web.ConfigureLogging(logging);
        }

        web.ConfigureTestServices(services =>
        {
            if (cluster is not null)
            {
                UseClusterClient(services, cluster.Client);
            }

            options.ConfigureServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await NoxTestCluster.StopAsync(cluster);
    }

    /// <summary>Points the API at the test cluster's (already connected) client instead of the one Program builds.</summary>
    private static void UseClusterClient(IServiceCollection services, IClusterClient client)
    {
        services.RemoveAll<IClusterClient>();
        services.RemoveAll<IGrainFactory>();
        services.RemoveAll<ClusterConnection>();
        services.AddSingleton(client);
        services.AddSingleton<IGrainFactory>(client);
        services.AddSingleton(sp => ClusterConnection.ForConnectedClient(client, sp.GetRequiredService<ILogger<ClusterConnection>>()));
    }
}
