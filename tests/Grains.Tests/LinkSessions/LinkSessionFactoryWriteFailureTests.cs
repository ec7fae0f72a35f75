using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Nox.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Nox.Grains.Tests.LinkSessions;

/// <summary>
/// A batch in which some writes fail, on a cluster of its own whose session storage fails every write
/// for a grain key that starts with <see cref="FailingKeyPrefix"/>.
/// </summary>
public sealed class LinkSessionFactoryWriteFailureTests : IAsyncLifetime
{
    private const string FailingKeyPrefix = "fail-";
    private const string InnerStorage = "sessions-inner";

    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await NoxTestCluster.DeployAsync(
        "factory-write-failures",
        new Dictionary<string, string?>(),
        configure: builder => builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(InnerStorage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                GrainStorageNames.Sessions,
                (services, _) => new FailingWrites(services.GetRequiredKeyedService<IGrainStorage>(InnerStorage)));
        }));

    public Task DisposeAsync() => NoxTestCluster.StopAsync(cluster);

    [Fact]
    public async Task A_failed_write_fails_only_its_own_creation_and_the_written_ones_are_stored_and_counted()
    {
        var (first, second) = ($"first-{Guid.NewGuid():N}", $"second-{Guid.NewGuid():N}");
        using var created = new CreatedCounter(first, second);
        var creations = ImmutableArray.Create(
            Creation(first, "ok-1"),
            Creation(first, "lost-1", fails: true),
            Creation(second, "ok-2"),
            Creation(second, "lost-2", fails: true),
            Creation(first, "ok-3"));

        var results = await cluster.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(creations);

        Assert.Equal(creations.Length, results.Length);
        for (var i = 0; i < creations.Length; i++)
        {
            var creation = creations[i];
            var stored = await cluster.Client.GetGrain<ILinkSessionGrain>(creation.GrainKey).GetForSupplierAsync(creation.Session.Supplier);
            if (creation.GrainKey.StartsWith(FailingKeyPrefix, StringComparison.Ordinal))
            {
                Assert.Null(results[i].Session);
                Assert.IsType<StorageUnavailableException>(results[i].Failure);
                Assert.Null(stored);
            }
            else
            {
                Assert.Null(results[i].Failure);
                Assert.Equal(creation.Session.SupplierUserId, results[i].Session?.SupplierUserId);
                Assert.Equal(results[i].Session, stored);
            }
        }

        Assert.Equal(2, created.For(first));
        Assert.Equal(1, created.For(second));
    }

    private static LinkSessionCreation Creation(string supplier, string userId, bool fails = false) => new(
        (fails ? FailingKeyPrefix : string.Empty) + LinkToken.ToGrainKey(LinkToken.Mint()),
        new NewLinkSession(supplier, userId, $"https://{supplier}.example/return", null, Language.En));

    /// <summary>Session storage that fails a write as the Redis provider's translation does, for marked grain keys.</summary>
    private sealed class FailingWrites(IGrainStorage inner) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            grainId.Key.ToString()!.StartsWith(FailingKeyPrefix, StringComparison.Ordinal)
                ? Task.FromException(new StorageUnavailableException("Grain storage failed (injected)."))
                : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);
    }

    /// <summary>The silo's <c>nox.link_sessions.created</c> counter for the given suppliers (the cluster runs in this process).</summary>
    private sealed class CreatedCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly Dictionary<string, long> counts;

        public CreatedCounter(params string[] suppliers)
        {
            counts = suppliers.ToDictionary(s => s, _ => 0L);
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Nox.Telemetry.NoxTelemetry.MeterName && instrument.Name == LinkSessionMetrics.Created)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "supplier" && tag.Value is string supplier)
                    {
                        lock (counts)
                        {
                            if (counts.ContainsKey(supplier))
                            {
                                counts[supplier] += value;
                            }
                        }
                    }
                }
            });
            listener.Start();
        }

        public long For(string supplier)
        {
            lock (counts)
            {
                return counts[supplier];
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
