using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Nox.Api.Tests.Telemetry;
using Nox.LinkSessions;
using Nox.Testing;
using Nox.Testing.Faults;

namespace Nox.Api.Tests.Faults;

/// <summary>
/// The API in front of silos whose dependencies fail on purpose (<see cref="SiloFaults"/>: storage and the
/// scripted brand's connector), with the silo's logs captured. Its own fixture, so that no other test
/// shares a cluster whose parts fail.
/// </summary>
public abstract class FaultsFixture(Topology topology) : IAsyncLifetime
{
    public Topology Topology => topology;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMilliseconds(250));

    public SiloFaults Faults { get; } = new();

    /// <summary>Co-hosted, the API's logs too: one process.</summary>
    public CapturedLogs SiloLogs { get; } = new();

    public INoxApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions
    {
        Name = "faults-tests",
        Clock = Clock,
        ConfigureSiloServices = Faults.AddTo,
        ConfigureSiloLogging = logging =>
        {
            logging.AddProvider(SiloLogs);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        },
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public HttpClient CreateClient(string? apiKey = TestSuppliers.AcmeKey)
    {
        var client = Host.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    public async Task<string> CreateSessionAsync()
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = $"user-{Guid.NewGuid():N}", redirect_url = TestSuppliers.AcmeRedirect });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
    }

    public GrainId SessionGrainId(string token) => Host.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(token)).GetGrainId();
}

public sealed class SplitFaultsFixture() : FaultsFixture(Topology.Split);

public sealed class CoHostedFaultsFixture() : FaultsFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitFaultsCollection : ICollectionFixture<SplitFaultsFixture>
{
    public const string Name = "faults (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedFaultsCollection : ICollectionFixture<CoHostedFaultsFixture>
{
    public const string Name = "faults (co-hosted)";
}
