using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nox.LinkSessions;
using Nox.Testing;
using Nox.Testing.Webhooks;
using Nox.Webhooks;
using Orleans.TestingHost;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>
/// A one-silo cluster (the in-memory webhook store is one silo's, as on the embedded default) with a fake domain
/// clock, webhooks allowed to loopback, fast background polling, short retry delays, and a real receiver.
/// Subclasses are clusters of their own, for tests that must be alone on theirs (<see cref="Settings"/> adds to its
/// configuration).
/// </summary>
public class WebhookClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SecondRetry = TimeSpan.FromSeconds(20);

    private int next;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public WebhookReceiver Receiver { get; private set; } = null!;

    /// <summary>The silo's services (one silo).</summary>
    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Nox:Webhooks:AllowPrivateNetworks"] = "true",
            ["Nox:Webhooks:SweepPeriod"] = "00:00:00.200",
            ["Nox:Webhooks:DeliveryPollPeriod"] = "00:00:00.100",
            ["Nox:Webhooks:RetryDelays:0"] = FirstRetry.ToString(),
            ["Nox:Webhooks:RetryDelays:1"] = SecondRetry.ToString(),
            ["Nox:PublicBaseUrl"] = "https://auth.nox.test",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        Cluster = await NoxTestCluster.DeployAsync(
            "webhook-grain-tests",
            settings,
            Clock,
            configure: b => b.ConfigureSiloHost((_, host) => host.Logging.AddConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning)));
    }

    public async Task DisposeAsync()
    {
        await NoxTestCluster.StopAsync(Cluster);
        await Receiver.DisposeAsync();
    }

    /// <summary>A supplier name no other test uses (the grains do not check that a supplier exists).</summary>
    public string NextSupplier() => $"wh-grain-{Interlocked.Increment(ref next)}";

    public async Task<(string Url, WebhookEndpointResult Endpoint)> SubscribeAsync(string supplier, params WebhookEventType[] events)
    {
        var url = Receiver.NewUrl();
        var result = await Client.GetGrain<IWebhookEndpointsGrain>(supplier).CreateAsync(url, [.. events]);
        Assert.Equal(WebhookEndpointOutcome.Succeeded, result.Outcome);
        return (url, result);
    }

    public async Task<(string Token, ILinkSessionGrain Grain)> CreateSessionAsync(string supplier, string userId = "user-1")
    {
        var token = LinkToken.Mint();
        var key = LinkToken.ToGrainKey(token);
        var created = await Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(
            [new LinkSessionCreation(key, new NewLinkSession(supplier, userId, $"https://{supplier}.example/return", Brand.Daikin, Language.En), Token: token)]);
        Assert.NotNull(Assert.Single(created).Session);
        return (token, Client.GetGrain<ILinkSessionGrain>(key));
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookClusterCollection : ICollectionFixture<WebhookClusterFixture>
{
    public const string Name = "webhook cluster";
}
