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
/// beyond that, creations wait, and the first call to return takes every waiting one along in its
/// next call. A quiet API adds no delay; a busy one sends one message for many sessions. The message
/// is most of what a create costs in both processes (profiles: README, Performance).
/// </summary>
public sealed class LinkSessionCreationBatcher
{
    public const string BatchSizeMetric = "nox.link_session.create.batch_size";

    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    private readonly IClusterAccess cluster;
    private readonly int batchesInFlight;
    private readonly int maxBatch;
    private readonly Histogram<int> batchSizes;
    private readonly Lock gate = new();
    private List<Pending> waiting = [];
    private int inFlight;
    private int nextKey;

    public LinkSessionCreationBatcher(IClusterAccess cluster, IOptions<NoxApiOptions> options, IMeterFactory meters)
    {
        this.cluster = cluster;
        batchesInFlight = Math.Max(1, options.Value.CreateBatchesInFlight);
        maxBatch = Math.Max(1, options.Value.CreateBatchSize);
        batchSizes = meters.Create(NoxTelemetry.MeterName).CreateHistogram(
            BatchSizeMetric,
            "{session}",
            "Link sessions carried by one create call from the API to the cluster.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
    }

    public Task<LinkSession> CreateAsync(string grainKey, NewLinkSession session)
    {
        var pending = new Pending(new LinkSessionCreation(grainKey, session), Activity.Current);
        List<Pending>? batch = null;
        lock (gate)
        {
            waiting.Add(pending);
            if (inFlight < batchesInFlight)
            {
                inFlight++;
                batch = TakeWaiting();
            }
        }

        if (batch is not null)
        {
            _ = SendAsync(batch);
        }

        return pending.Completion.Task;
    }

    /// <summary>Sends <paramref name="batch"/>, then whatever waits, until nothing does.</summary>
    private async Task SendAsync(List<Pending> batch)
    {
        while (true)
        {
            await SendOneAsync(batch);
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    inFlight--;
                    return;
                }

                batch = TakeWaiting();
            }
        }
    }

    private async Task SendOneAsync(List<Pending> batch)
    {
        // The call joins the trace of the first request in it, so a request sent alone has its whole
        // trace; every other request's span links to that trace.
        var carrier = batch[0].Activity;
        Activity.Current = carrier;
        if (carrier is not null)
        {
            for (var i = 1; i < batch.Count; i++)
            {
                if (batch[i].Activity is { IsAllDataRequested: true } activity)
                {
                    activity.AddLink(new ActivityLink(carrier.Context));
                }
            }
        }

        batchSizes.Record(batch.Count);
        try
        {
            var creations = batch.Select(p => p.Creation).ToImmutableArray();
            // Different keys spread the calls over the client's gateway connections, and so over silos.
            var factory = cluster.Grains.Get<ILinkSessionFactoryGrain>(Interlocked.Increment(ref nextKey) & 0xF);
            var sessions = await factory.CreateAsync(creations);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(sessions[i]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(exception);
            }
        }
    }

    private List<Pending> TakeWaiting()
    {
        if (waiting.Count <= maxBatch)
        {
            var all = waiting;
            waiting = [];
            return all;
        }

        var first = waiting.GetRange(0, maxBatch);
        waiting.RemoveRange(0, maxBatch);
        return first;
    }

    private sealed record Pending(LinkSessionCreation Creation, Activity? Activity)
    {
        public TaskCompletionSource<LinkSession> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
