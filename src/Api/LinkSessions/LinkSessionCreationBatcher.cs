using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Nox.Api.Hosting;
using Nox.LinkSessions;
using Nox.Telemetry;

namespace Nox.Api.LinkSessions;

/// <summary>
/// Sends creations to the cluster in batches, the way a database does group commit: while fewer than
/// <see cref="NoxApiOptions.CreateBatchesInFlight"/> calls are out, a creation goes at once, alone;
/// beyond that, creations wait, and the first call to return takes the waiting ones along in its next
/// call. A quiet API adds no delay; a busy one sends one message for many sessions. The message is
/// most of what a create costs in both processes (profiles: docs/performance.md).
/// <para>
/// It never lets a create hang: at most <see cref="NoxApiOptions.CreateQueueLimit"/> creations wait
/// (beyond that a create fails at once with <see cref="CreationQueueFullException"/>); every creation
/// has <see cref="Budget"/> from the moment its request arrives (waits before the batcher included), after which it fails with a
/// <see cref="TimeoutException"/>, waiting or sent; and a waiting creation whose request is aborted is
/// dropped before it is sent. The deadline costs no timer per request: it is checked when a batch is
/// taken, and by one timer per batcher every <see cref="DeadlineCheckPeriod"/> for creations that
/// wait or whose call is out.
/// </para>
/// </summary>
public sealed class LinkSessionCreationBatcher : IDisposable
{
    public const string BatchSizeMetric = "nox.link_session.create.batch_size";

    public const string WaitingMetric = "nox.link_session.create.waiting";

    /// <summary>How long a creation may take, waiting included: the grain call timeout of both topologies.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>How often the deadlines of waiting and sent creations are checked: how late past its budget a creation may answer.</summary>
    public static readonly TimeSpan DeadlineCheckPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>Factory grain keys: different keys spread the calls over the client's gateway connections, and so over silos.</summary>
    private const int FactoryKeys = 16;

    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private readonly IClusterAccess cluster;
    private readonly TimeProvider time;
    private readonly int batchesInFlight;
    private readonly int maxBatch;
    private readonly int queueLimit;
    private readonly long budget;
    private readonly Histogram<int> batchSizes;
    private readonly ILinkSessionFactoryGrain?[] factories = new ILinkSessionFactoryGrain?[FactoryKeys];
    private readonly ITimer deadlineCheck;
    private readonly Lock gate = new();

    /// <summary>In arrival order, so in deadline order too.</summary>
    private readonly Queue<Pending> waiting = new();

    /// <summary>The batches whose call is out, for the deadline check.</summary>
    private readonly List<Pending[]> sent = [];

    private int inFlight;
    private int nextKey;

    public LinkSessionCreationBatcher(IClusterAccess cluster, TimeProvider time, IOptions<NoxApiOptions> options, IMeterFactory meters)
    {
        this.cluster = cluster;
        this.time = time;
        batchesInFlight = Math.Max(1, options.Value.CreateBatchesInFlight);
        maxBatch = Math.Max(1, options.Value.CreateBatchSize);
        queueLimit = Math.Max(0, options.Value.CreateQueueLimit);
        budget = (long)(Budget.TotalSeconds * time.TimestampFrequency);
        batchSizes = meters.Create(NoxTelemetry.MeterName).CreateHistogram(
            BatchSizeMetric,
            "{session}",
            "Link sessions carried by one create call from the API to the cluster.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        meters.Create(NoxTelemetry.MeterName).CreateObservableGauge(
            WaitingMetric,
            () => Waiting,
            "{session}",
            "Link sessions waiting for a create call to the cluster; creates answer 503 at once when it reaches the queue limit.");
        deadlineCheck = time.CreateTimer(static state => ((LinkSessionCreationBatcher)state!).FailExpired(), this, DeadlineCheckPeriod, DeadlineCheckPeriod);
    }

    /// <summary>Creations waiting for a call slot (those abandoned since are counted until they are dropped).</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiting.Count;
            }
        }
    }

    /// <summary>
    /// Opens the session; fails with <see cref="CreationQueueFullException"/> at once when too many wait,
    /// with <see cref="TimeoutException"/> <see cref="Budget"/> after <paramref name="arrivedAt"/> (the request's
    /// arrival, a timestamp of this batcher's clock; now when null), and is cancelled when
    /// <paramref name="cancellation"/> fires before the creation is sent. The session keeps <paramref name="token"/>
    /// for its webhook events.
    /// </summary>
    public Task<LinkSession> CreateAsync(string grainKey, NewLinkSession session, CancellationToken cancellation = default, string? token = null, long? arrivedAt = null)
    {
        if (cancellation.IsCancellationRequested)
        {
            return Task.FromCanceled<LinkSession>(cancellation);
        }

        var pending = new Pending(new LinkSessionCreation(grainKey, session, Token: token), Activity.Current, (arrivedAt ?? time.GetTimestamp()) + budget, cancellation);
        Pending[]? alone = null;
        lock (gate)
        {
            // Nothing waits while a call slot is free: a creation that finds one goes at once.
            if (inFlight < batchesInFlight)
            {
                inFlight++;
                alone = [pending];
                sent.Add(alone);
            }
            else if (waiting.Count >= queueLimit)
            {
                return Task.FromException<LinkSession>(new CreationQueueFullException());
            }
            else
            {
                waiting.Enqueue(pending);
            }
        }

        if (alone is not null)
        {
            _ = SendAsync(alone);
            return pending.Task;
        }

        return cancellation.CanBeCanceled ? WaitAsync(pending, cancellation) : pending.Task;
    }

    public void Dispose() => deadlineCheck.Dispose();

    /// <summary>A waiting creation whose request is aborted answers at once; it will not be sent.</summary>
    private static async Task<LinkSession> WaitAsync(Pending pending, CancellationToken cancellation)
    {
        using var registration = cancellation.UnsafeRegister(static (state, token) => ((Pending)state!).TrySetCanceled(token), pending);
        return await pending.Task;
    }

    /// <summary>Sends <paramref name="batch"/>, then whatever waits, until nothing does; then gives the call slot back.</summary>
    private async Task SendAsync(Pending[] batch)
    {
        while (true)
        {
            // Completes every creation of the batch, whatever happens: nothing thrown can leak the slot.
            await SendOneAsync(batch);
            lock (gate)
            {
                sent.Remove(batch);
                batch = TakeWaiting();
                if (batch.Length == 0)
                {
                    inFlight--;
                    return;
                }

                sent.Add(batch);
            }
        }
    }

    private async Task SendOneAsync(Pending[] batch)
    {
        try
        {
            // The call joins the trace of the first request in it, so a request sent alone has its whole
            // trace; every other request's span links to that trace.
            var carrier = batch[0].Activity;
            Activity.Current = carrier;
            if (carrier is not null)
            {
                for (var i = 1; i < batch.Length; i++)
                {
                    if (batch[i].Activity is { IsAllDataRequested: true } activity)
                    {
                        activity.AddLink(new ActivityLink(carrier.Context));
                    }
                }
            }

            batchSizes.Record(batch.Length);
            var creations = ImmutableArray.CreateBuilder<LinkSessionCreation>(batch.Length);
            foreach (var pending in batch)
            {
                creations.Add(pending.Creation);
            }

            var results = await Factory().CreateAsync(creations.MoveToImmutable());
            for (var i = 0; i < batch.Length; i++)
            {
                if (results[i].Session is { } session)
                {
                    batch[i].TrySetResult(session);
                }
                else
                {
                    batch[i].TrySetException(results[i].Failure ?? new InvalidOperationException("The cluster answered a creation with neither a session nor a failure."));
                }
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.TrySetException(exception);
            }
        }
    }

    /// <summary>References are resolved once per key; <see cref="IClusterAccess.Grains"/> still fails fast while the cluster is away.</summary>
    private ILinkSessionFactoryGrain Factory()
    {
        var grains = cluster.Grains;
        var key = Interlocked.Increment(ref nextKey) & (FactoryKeys - 1);
        return factories[key] ??= grains.GetGrain<ILinkSessionFactoryGrain>(key);
    }

    /// <summary>Up to a batch of the waiting creations that are still worth sending. Under the gate.</summary>
    private Pending[] TakeWaiting()
    {
        if (waiting.Count == 0)
        {
            return [];
        }

        var now = time.GetTimestamp();
        var batch = new List<Pending>(Math.Min(waiting.Count, maxBatch));
        while (batch.Count < maxBatch && waiting.TryDequeue(out var pending))
        {
            if (pending.IsStillWanted(now))
            {
                batch.Add(pending);
            }
        }

        return [.. batch];
    }

    /// <summary>The timer's work: fails every waiting or sent creation past its deadline.</summary>
    private void FailExpired()
    {
        var now = time.GetTimestamp();
        lock (gate)
        {
            while (waiting.TryPeek(out var first) && (first.Task.IsCompleted || first.Deadline <= now))
            {
                waiting.Dequeue().IsStillWanted(now);
            }

            foreach (var batch in sent)
            {
                // A batch is in arrival order: past the first creation that still has time, all do.
                for (var i = 0; i < batch.Length && batch[i].Deadline <= now; i++)
                {
                    if (!batch[i].Task.IsCompleted)
                    {
                        batch[i].TrySetException(Expired());
                    }
                }
            }
        }
    }

    private static TimeoutException Expired() => new($"The creation did not complete within {Budget.TotalSeconds:0} s.");

    /// <summary>A creation and the request it came from; its task is the request's answer.</summary>
    private sealed class Pending(LinkSessionCreation creation, Activity? activity, long deadline, CancellationToken cancellation)
        : TaskCompletionSource<LinkSession>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public LinkSessionCreation Creation { get; } = creation;

        public Activity? Activity { get; } = activity;

        /// <summary>A <see cref="TimeProvider"/> timestamp.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>False, and the creation answered, when its request was aborted or its time is up.</summary>
        public bool IsStillWanted(long now)
        {
            if (Task.IsCompleted)
            {
                return false;
            }

            if (cancellation.IsCancellationRequested)
            {
                TrySetCanceled(cancellation);
                return false;
            }

            if (Deadline <= now)
            {
                TrySetException(Expired());
                return false;
            }

            return true;
        }
    }
}
