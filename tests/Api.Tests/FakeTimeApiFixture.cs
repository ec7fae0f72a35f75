using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nox.Api.Hosting;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;
using Nox.Api.Tests.Fakes;
using Nox.LinkSessions;
using Nox.Testing;

namespace Nox.Api.Tests;

/// <summary>
/// The API (either topology) with its supplier catalog and its creation batcher on fake clocks of their
/// own, so that cache ages and deadlines are moved by the tests instead of waited for:
/// <list type="bullet">
/// <item>the catalog reads the real supplier directory, through a switch that can make the cluster
/// unreachable for it (<see cref="SupplierListDown"/>);</item>
/// <item>the batcher sends to a <see cref="HeldFactoryGrain"/> (a stalled cluster until the test
/// answers), with one call in flight and room for one waiting creation.</item>
/// </list>
/// </summary>
public abstract class FakeTimeApiFixture(Topology topology) : IAsyncLifetime
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    public FakeTimeProvider CatalogClock { get; } = new(DateTimeOffset.UtcNow);

    public FakeTimeProvider BatcherClock { get; } = new(DateTimeOffset.UtcNow);

    public HeldFactoryGrain Factory { get; } = new();

    /// <summary>While true, the catalog cannot reach the cluster (its loads fail); the rest of the API can.</summary>
    public bool SupplierListDown { get; set; }

    public INoxApiHost Host { get; private set; } = null!;

    public LinkSessionCreationBatcher Batcher => Host.Services.GetRequiredService<LinkSessionCreationBatcher>();

    public IGrainFactory Grains => Host.Grains;

    public async Task InitializeAsync() => Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions
    {
        Name = "fake-time-api-tests",
        Settings = new Dictionary<string, string?>(TestSuppliers.Settings)
        {
            ["Nox:SupplierCacheDuration"] = CacheDuration.ToString(),
            ["Nox:CreateBatchesInFlight"] = "1",
            ["Nox:CreateQueueLimit"] = "1",
        },
        ConfigureServices = services =>
        {
            services.AddSingleton(sp => new SupplierCatalog(
                new Switched(sp.GetRequiredService<IClusterAccess>(), this),
                CatalogClock,
                sp.GetRequiredService<IOptions<NoxApiOptions>>(),
                sp.GetRequiredService<ILogger<SupplierCatalog>>()));
            services.AddSingleton(sp => new LinkSessionCreationBatcher(
                new FakeCluster().With<ILinkSessionFactoryGrain>(Factory),
                BatcherClock,
                sp.GetRequiredService<IOptions<NoxApiOptions>>(),
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        },
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public HttpClient CreateClient(string? apiKey = TestSuppliers.AcmeKey)
    {
        var client = Host.CreateClient();
        // Fail rather than hang when a create is not answered.
        client.Timeout = TimeSpan.FromSeconds(30);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    private sealed class Switched(IClusterAccess inner, FakeTimeApiFixture fixture) : IClusterAccess
    {
        public bool IsConnected => !fixture.SupplierListDown && inner.IsConnected;

        public IGrainFactory Grains => fixture.SupplierListDown ? throw new ClusterUnavailableException() : inner.Grains;
    }
}

public sealed class SplitFakeTimeApiFixture() : FakeTimeApiFixture(Topology.Split);

public sealed class CoHostedFakeTimeApiFixture() : FakeTimeApiFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitFakeTimeApiCollection : ICollectionFixture<SplitFakeTimeApiFixture>
{
    public const string Name = "api on fake clocks (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedFakeTimeApiCollection : ICollectionFixture<CoHostedFakeTimeApiFixture>
{
    public const string Name = "api on fake clocks (co-hosted)";
}
