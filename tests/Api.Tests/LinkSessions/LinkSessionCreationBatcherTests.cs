using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nox.Api.Hosting;
using Nox.Api.LinkSessions;
using Nox.Api.Tests.Fakes;
using Nox.LinkSessions;

namespace Nox.Api.Tests.LinkSessions;

/// <summary>
/// The batcher alone: in front of the split fixture's cluster for group commit, and in front of a fake
/// factory grain on a fake clock for what it does when the cluster is slow, stalled or failing.
/// </summary>
[Collection(SplitApiCollection.Name)]
public sealed class LinkSessionCreationBatcherTests(SplitApiFixture fixture) : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>Real time a test waits for what must happen before it fails rather than hang.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<int> batchSizes = [];
    private readonly FakeTimeProvider time = new();
    private readonly HeldFactoryGrain factory = new();
    private MeterListener? listener;
    private LinkSessionCreationBatcher? batcher;

    [Fact]
    public async Task A_lone_creation_goes_at_once_in_a_call_of_its_own()
    {
        var batcher = CreateBatcher(new SiloClusterAccess(fixture.Grains), batchesInFlight: 4, TimeProvider.System);

        var session = await batcher.CreateAsync(LinkToken.ToGrainKey(LinkToken.Mint()), NewSession("lone-user"));

        Assert.Equal("lone-user", session.SupplierUserId);
        Assert.Equal([1], BatchSizes());
    }

    [Fact]
    public async Task Creations_beyond_the_calls_in_flight_share_calls_and_each_gets_its_own_session()
    {
        var batcher = CreateBatcher(new SiloClusterAccess(fixture.Grains), batchesInFlight: 1, TimeProvider.System);
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
        var batcher = CreateBatcher(new FakeCluster { Available = false }, batchesInFlight: 1, TimeProvider.System);

        var burst = Enumerable.Range(0, 10).Select(i => batcher.CreateAsync(Key(), NewSession($"lost-user-{i}"))).ToArray();
        foreach (var creation in burst)
        {
            await Assert.ThrowsAsync<ClusterUnavailableException>(() => creation.WaitAsync(Within));
        }

        await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            batcher.CreateAsync(Key(), NewSession("later-user")).WaitAsync(Within));
    }

    [Fact]
    public async Task A_failed_write_fails_only_its_own_creation_and_the_others_of_its_call_get_their_sessions()
    {
        var batcher = CreateBatcher(Cluster(), batchesInFlight: 1);
        var lone = batcher.CreateAsync(Key(), NewSession("first"));
        var batch = new[] { "ok-1", "lost", "ok-2" }.Select(user => batcher.CreateAsync(Key(), NewSession(user))).ToArray();
        factory.Result = c => c.Session.SupplierUserId == "lost"
            ? LinkSessionCreationResult.Failed(new StorageUnavailableException())
            : LinkSessionCreationResult.Created(HeldFactoryGrain.SessionFor(c));

        factory.AnswerHeld();
        await lone.WaitAsync(Within);
        await WaitUntilAsync(() => factory.HeldCalls == 1);
        factory.AnswerHeld();

        Assert.Equal("ok-1", (await batch[0].WaitAsync(Within)).SupplierUserId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => batch[1].WaitAsync(Within));
        Assert.Equal("ok-2", (await batch[2].WaitAsync(Within)).SupplierUserId);
        Assert.Equal([1, 3], factory.Batches.Select(b => b.Length));
    }

    [Fact]
    public async Task Beyond_the_queue_limit_a_creation_fails_at_once_and_the_waiting_ones_are_still_sent()
    {
        var batcher = CreateBatcher(Cluster(), batchesInFlight: 1, queueLimit: 2);
        var sent = batcher.CreateAsync(Key(), NewSession("sent"));
        var waiting = new[] { batcher.CreateAsync(Key(), NewSession("waiting-1")), batcher.CreateAsync(Key(), NewSession("waiting-2")) };

        var refused = batcher.CreateAsync(Key(), NewSession("refused"));

        Assert.True(refused.IsFaulted);
        await Assert.ThrowsAsync<CreationQueueFullException>(() => refused);
        factory.Hold = false;
        factory.AnswerHeld();
        Assert.Equal(["sent", "waiting-1", "waiting-2"], (await Task.WhenAll(waiting.Prepend(sent)).WaitAsync(Within)).Select(s => s.SupplierUserId));
    }

    [Fact]
    public async Task A_creation_answers_with_a_timeout_at_its_deadline_whether_it_waits_or_its_call_is_out()
    {
        var batcher = CreateBatcher(Cluster(), batchesInFlight: 1);
        var sent = batcher.CreateAsync(Key(), NewSession("sent"));
        time.Advance(TimeSpan.FromSeconds(1));
        var waiting = batcher.CreateAsync(Key(), NewSession("waiting"));

        // The deadline check runs on the fake clock: a creation is answered within the Advance that passes its deadline.
        time.Advance(LinkSessionCreationBatcher.Budget - TimeSpan.FromSeconds(1) - Tick);
        Assert.False(sent.IsCompleted);
        time.Advance(LinkSessionCreationBatcher.DeadlineCheckPeriod);
        Assert.IsType<TimeoutException>(sent.Exception?.InnerException);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<TimeoutException>(waiting.Exception?.InnerException);

        // The stalled call returns at last: the expired creation is not sent, and the call slot serves the next one.
        factory.Hold = false;
        factory.AnswerHeld();
        Assert.Equal("after", (await batcher.CreateAsync(Key(), NewSession("after")).WaitAsync(Within)).SupplierUserId);
        Assert.Equal(["sent", "after"], factory.Batches.Select(b => b.Single().Session.SupplierUserId));
    }

    [Fact]
    public void A_creations_budget_counts_from_its_requests_arrival_so_an_earlier_wait_shortens_it()
    {
        var batcher = CreateBatcher(Cluster(), batchesInFlight: 1);
        // The request waited 2 s before it reached the batcher (a rate-limit lease): 3 s of its budget are left.
        var arrivedAt = time.GetTimestamp();
        time.Advance(TimeSpan.FromSeconds(2));
        var late = batcher.CreateAsync(Key(), NewSession("late"), arrivedAt: arrivedAt);

        time.Advance(LinkSessionCreationBatcher.Budget - TimeSpan.FromSeconds(2) - Tick);
        Assert.False(late.IsCompleted);
        time.Advance(LinkSessionCreationBatcher.DeadlineCheckPeriod);
        Assert.IsType<TimeoutException>(late.Exception?.InnerException);
        factory.Hold = false;
        factory.AnswerHeld();
    }

    [Fact]
    public async Task A_waiting_creation_whose_request_is_aborted_answers_at_once_and_is_never_sent()
    {
        var batcher = CreateBatcher(Cluster(), batchesInFlight: 1);
        var sent = batcher.CreateAsync(Key(), NewSession("sent"));
        using var aborted = new CancellationTokenSource();
        var gone = batcher.CreateAsync(Key(), NewSession("gone"), aborted.Token);
        var kept = batcher.CreateAsync(Key(), NewSession("kept"), CancellationToken.None);

        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone.WaitAsync(Within));
        factory.Hold = false;
        factory.AnswerHeld();
        await Task.WhenAll(sent, kept).WaitAsync(Within);
        Assert.DoesNotContain("gone", factory.Batches.SelectMany(b => b).Select(c => c.Session.SupplierUserId));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.CreateAsync(Key(), NewSession("too-late"), aborted.Token).WaitAsync(Within));
        Assert.DoesNotContain("too-late", factory.Batches.SelectMany(b => b).Select(c => c.Session.SupplierUserId));
    }

    [Fact]
    public async Task A_fault_outside_the_cluster_call_fails_its_creations_and_does_not_leak_the_call_slot()
    {
        factory.Hold = false;
        var batcher = CreateBatcher(Cluster(), batchesInFlight: 1);
        var meters = services.GetRequiredService<IMeterFactory>();
        var faults = 0;
        using var faulty = new MeterListener
        {
            // A metrics listener that throws: the batch size is recorded on the send path, outside the call.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == LinkSessionCreationBatcher.BatchSizeMetric)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        faulty.SetMeasurementEventCallback<int>((_, _, _, _) =>
        {
            if (Interlocked.Increment(ref faults) <= 3)
            {
                throw new InvalidOperationException("listener fault");
            }
        });
        faulty.Start();

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.CreateAsync(Key(), NewSession($"faulted-{i}")).WaitAsync(Within));
        }

        var session = await batcher.CreateAsync(Key(), NewSession("after-faults")).WaitAsync(Within);
        Assert.Equal("after-faults", session.SupplierUserId);
    }

    public void Dispose()
    {
        batcher?.Dispose();
        listener?.Dispose();
        services.Dispose();
    }

    private static string Key() => LinkToken.ToGrainKey(LinkToken.Mint());

    private static NewLinkSession NewSession(string userId) => new("acme", userId, ApiFixture.AcmeRedirect, null, Language.En);

    private FakeCluster Cluster() => new FakeCluster().With<ILinkSessionFactoryGrain>(factory);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(10);
        }
    }

    private LinkSessionCreationBatcher CreateBatcher(IClusterAccess cluster, int batchesInFlight, TimeProvider? clock = null, int queueLimit = 4096)
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
        return batcher = new LinkSessionCreationBatcher(
            cluster,
            clock ?? time,
            Options.Create(new NoxApiOptions { CreateBatchesInFlight = batchesInFlight, CreateQueueLimit = queueLimit }),
            meters);
    }

    private List<int> BatchSizes()
    {
        lock (batchSizes)
        {
            return [.. batchSizes];
        }
    }
}
