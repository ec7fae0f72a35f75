using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nox.Api.Hosting;
using Nox.Api.LinkSessions;
using Nox.LinkSessions;

namespace Nox.Api.Tests.LinkSessions;

/// <summary>The batcher alone, in front of the split fixture's cluster.</summary>
[Collection(SplitApiCollection.Name)]
public sealed class LinkSessionCreationBatcherTests(SplitApiFixture fixture) : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<int> batchSizes = [];
    private MeterListener? listener;

    [Fact]
    public async Task A_lone_creation_goes_at_once_in_a_call_of_its_own()
    {
        var batcher = CreateBatcher(new SiloClusterAccess(fixture.Grains), batchesInFlight: 4);

        var session = await batcher.CreateAsync(LinkToken.ToGrainKey(LinkToken.Mint()), NewSession("lone-user"));

        Assert.Equal("lone-user", session.SupplierUserId);
        Assert.Equal([1], BatchSizes());
    }

    [Fact]
    public async Task Creations_beyond_the_calls_in_flight_share_calls_and_each_gets_its_own_session()
    {
        var batcher = CreateBatcher(new SiloClusterAccess(fixture.Grains), batchesInFlight: 1);
        var keys = Enumerable.Range(0, 40).Select(_ => LinkToken.ToGrainKey(LinkToken.Mint())).ToArray();

        var sessions = await Task.WhenAll(keys.Select((key, i) => batcher.CreateAsync(key, NewSession($"burst-user-{i}"))));

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal($"burst-user-{i}", sessions[i].SupplierUserId);
            var stored = await fixture.Grains.GetGrain<ILinkSessionGrain>(keys[i]).GetForSupplierAsync("acme");
            Assert.Equal(sessions[i], stored);
        }

        var sizes = BatchSizes();
        Assert.Equal(keys.Length, sizes.Sum());
        Assert.True(sizes.Count < keys.Length, $"40 creations took {sizes.Count} calls");
        Assert.Equal(1, sizes[0]);
    }

    [Fact]
    public async Task A_failed_call_fails_every_creation_in_it_and_the_next_ones_are_still_sent()
    {
        var batcher = CreateBatcher(new UnreachableCluster(), batchesInFlight: 1);

        var burst = Enumerable.Range(0, 10).Select(i => batcher.CreateAsync(LinkToken.ToGrainKey(LinkToken.Mint()), NewSession($"lost-user-{i}"))).ToArray();
        foreach (var creation in burst)
        {
            await Assert.ThrowsAsync<ClusterUnavailableException>(() => creation.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            batcher.CreateAsync(LinkToken.ToGrainKey(LinkToken.Mint()), NewSession("later-user")).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    public void Dispose()
    {
        listener?.Dispose();
        services.Dispose();
    }

    private static NewLinkSession NewSession(string userId) => new("acme", userId, ApiFixture.AcmeRedirect, null, Language.En);

    private LinkSessionCreationBatcher CreateBatcher(IClusterAccess cluster, int batchesInFlight)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == LinkSessionCreationBatcher.BatchSizeMetric)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (batchSizes)
            {
                batchSizes.Add(size);
            }
        });
        listener.Start();
        return new LinkSessionCreationBatcher(cluster, Options.Create(new NoxApiOptions { CreateBatchesInFlight = batchesInFlight }), meters);
    }

    private List<int> BatchSizes()
    {
        lock (batchSizes)
        {
            return [.. batchSizes];
        }
    }

    /// <summary>Every call to the cluster fails at once, as while a client is not connected.</summary>
    private sealed class UnreachableCluster : IClusterAccess
    {
        public bool IsConnected => false;

        public IGrainFactory Grains => throw new ClusterUnavailableException();
    }
}
