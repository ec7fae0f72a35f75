using System.Threading.RateLimiting;
using Nox.RateLimits;
using Nox.Suppliers;

namespace Nox.Api.RateLimits;

/// <summary>
/// One supplier's limiter in this API instance: a <see cref="RateLimiter"/> that spends permits leased from the
/// supplier's cluster-wide bucket (<see cref="ISupplierRateLimitGrain"/>), so that a request costs no grain call
/// while the instance holds a permit.
/// <list type="bullet">
/// <item>A lease is sized to this instance's observed demand (<see cref="ChunkDuration"/> of it) and asked for in
/// the background once half of the last one is spent, so a busy instance refills before it runs out.</item>
/// <item>A leased permit is void <see cref="LeaseLifetime"/> after its lease was asked for: a permit is spent
/// within that time of the bucket granting it, so over any window the cluster accepts at most what the bucket
/// granted in the window and the <see cref="LeaseLifetime"/> before it (<c>Burst + PermitsPerSecond × (window +
/// LeaseLifetime)</c>), and unused permits do not pile up. The permits that went void unspent go back to the
/// bucket with the next lease (no call of their own), so a slow instance does not waste its supplier's permits.</item>
/// <item>An instance with no permit waits for the lease under way (or asks for one); after a short answer it asks
/// again no sooner than <see cref="MinimumAskInterval"/> (and not before the bucket holds a permit), refusing
/// meanwhile, so a flood over the limit costs the grain a few calls a second per instance.</item>
/// </list>
/// The grain's failures reach the requests that waited for it (503); requests that did not wait are unaffected.
/// </summary>
public sealed class LeasedPermitLimiter : RateLimiter
{
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromMilliseconds(500);

    /// <summary>A lease asks for this long of the instance's observed demand.</summary>
    public static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MinimumAskInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The longest a request waits for a lease (the bucket's grain on a stalled silo): then it fails as unavailable
    /// (503). A create's 5 s budget counts this wait too (<see cref="Hosting.RequestArrival"/>).
    /// </summary>
    public static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(2);

    /// <summary>Demand is counted over the current slot and the one before it.</summary>
    private static readonly TimeSpan DemandSlot = TimeSpan.FromMilliseconds(500);

    private readonly Func<int, int, SupplierRateLimit, Task<PermitGrant>> lease;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Queue<Batch> batches = new();
    private int available;
    private int voidUnspent;
    private Task? refill;
    private long nextAskAt;
    private int lastWanted = 1;
    private int waiting;
    private int bucketRemaining;
    private TimeSpan bucketNextPermitIn;
    private long slotStartedAt;
    private int slotAttempts;
    private int previousSlotAttempts;
    private long lastUsedAt;

    /// <param name="lease">Asks the supplier's bucket for permits (wanted, void permits given back, the supplier's limit).</param>
    public LeasedPermitLimiter(Func<int, int, SupplierRateLimit, Task<PermitGrant>> lease, SupplierRateLimit limit, TimeProvider time)
    {
        this.lease = lease;
        this.time = time;
        Limit = limit;
        slotStartedAt = lastUsedAt = time.GetTimestamp();
        bucketRemaining = limit.Burst;
    }

    /// <summary>The supplier's limit as this instance's supplier list has it; sent with every lease.</summary>
    public SupplierRateLimit Limit { get; set; }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                return refill is null ? time.GetElapsedTime(lastUsedAt) : null;
            }
        }
    }

    /// <summary>
    /// What the <c>RateLimit</c> header says: the permits this instance holds plus what the bucket held at the last
    /// lease (an estimate, at most <see cref="SupplierRateLimit.Burst"/>), and how long until a permit when none.
    /// </summary>
    public (int Remaining, TimeSpan NextPermitIn) Status()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            DropExpired(now);
            var remaining = (int)Math.Min(Limit.Burst, (long)available + bucketRemaining);
            return (remaining, remaining > 0 ? TimeSpan.Zero : RetryAfter(now));
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            DropExpired(time.GetTimestamp());
            return new RateLimiterStatistics { CurrentAvailablePermits = available };
        }
    }

    /// <summary>Takes a permit this instance holds; never waits (a lease may start in the background).</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1);
        Refill? started;
        RateLimitLease answer;
        lock (gate)
        {
            var now = time.GetTimestamp();
            answer = TryTake(now, permitCount) ? PermitLease.Acquired : PermitLease.Refused(RetryAfter(now));
            started = StartRefillIfDue(now);
        }

        started?.Run();
        return answer;
    }

    /// <summary>Takes a permit, waiting for a lease when this instance holds none and may ask for one.</summary>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, 1);
        // Until a permit or a refusal: each lease waited for either grants something (which the waiters share,
        // and those left over wait for the next, sized to them) or holds further asks back, which refuses.
        for (var attempt = 0; ; attempt++)
        {
            Refill? started;
            Task? waitFor = null;
            lock (gate)
            {
                var now = time.GetTimestamp();
                if (attempt > 0)
                {
                    waiting--;
                }

                var acquired = TryTake(now, permitCount, countDemand: attempt == 0);
                started = StartRefillIfDue(now);
                if (!acquired)
                {
                    waitFor = refill;
                    if (waitFor is null)
                    {
                        return PermitLease.Refused(RetryAfter(now));
                    }

                    waiting++;
                }
            }

            started?.Run();
            if (waitFor is null)
            {
                return PermitLease.Acquired;
            }

            try
            {
                await waitFor.WaitAsync(LeaseWait, time, cancellationToken);
            }
            catch
            {
                lock (gate)
                {
                    waiting--;
                }

                throw;
            }
        }
    }

    /// <summary>Under the gate: takes <paramref name="permitCount"/> (0 or 1) unexpired permits, oldest first.</summary>
    private bool TryTake(long now, int permitCount, bool countDemand = true)
    {
        lastUsedAt = now;
        if (countDemand)
        {
            CountDemand(now);
        }

        DropExpired(now);
        if (permitCount == 0)
        {
            return available > 0;
        }

        if (available == 0)
        {
            return false;
        }

        available--;
        var oldest = batches.Peek();
        if (--oldest.Count == 0)
        {
            batches.Dequeue();
        }

        return true;
    }

    private void DropExpired(long now)
    {
        while (batches.TryPeek(out var oldest) && now >= oldest.ExpiresAt)
        {
            available -= oldest.Count;
            voidUnspent += oldest.Count;
            batches.Dequeue();
        }
    }

    private void CountDemand(long now)
    {
        var elapsed = time.GetElapsedTime(slotStartedAt, now);
        if (elapsed >= DemandSlot)
        {
            previousSlotAttempts = elapsed >= DemandSlot * 2 ? 0 : slotAttempts;
            slotAttempts = 0;
            slotStartedAt = now;
        }

        slotAttempts++;
    }

    /// <summary>The instance's demand over the current and the previous slot, times <see cref="ChunkDuration"/>.</summary>
    private int Wanted(long now)
    {
        var seconds = (DemandSlot + time.GetElapsedTime(slotStartedAt, now)).TotalSeconds;
        var perSecond = (previousSlotAttempts + slotAttempts) / seconds;
        return (int)Math.Clamp(Math.Ceiling(perSecond * ChunkDuration.TotalSeconds), 1, SupplierRateLimit.Maximum);
    }

    private TimeSpan RetryAfter(long now)
    {
        var untilAsk = nextAskAt > now ? time.GetElapsedTime(now, nextAskAt) : TimeSpan.Zero;
        return untilAsk > bucketNextPermitIn ? untilAsk : bucketNextPermitIn;
    }

    /// <summary>Under the gate: marks a lease as under way when one is due, to be run (outside the gate) by the caller.</summary>
    private Refill? StartRefillIfDue(long now)
    {
        if (refill is not null || now < nextAskAt || available > lastWanted / 2)
        {
            return null;
        }

        // At least one for each request waiting for it.
        lastWanted = Math.Max(Wanted(now), waiting + 1);
        // Given back once: a lease that fails keeps them lost, which errs on the side of the limit.
        var started = new Refill(this, lastWanted, voidUnspent, Limit, now);
        voidUnspent = 0;
        refill = started.Task;
        return started;
    }

    private async Task RefillAsync(TaskCompletionSource completion, int wanted, int returned, SupplierRateLimit limit, long askedAt)
    {
        try
        {
            var grant = await lease(wanted, returned, limit);
            lock (gate)
            {
                var now = time.GetTimestamp();
                if (grant.Granted > 0)
                {
                    // Counted from when the lease was asked for: no later than the bucket granted it.
                    batches.Enqueue(new Batch(grant.Granted, askedAt + Ticks(LeaseLifetime)));
                    available += grant.Granted;
                }

                bucketRemaining = grant.Remaining;
                bucketNextPermitIn = grant.NextPermitIn;
                nextAskAt = grant.Granted == 0 ? now + Ticks(grant.NextPermitIn > MinimumAskInterval ? grant.NextPermitIn : MinimumAskInterval)
                    : grant.Granted < wanted ? now + Ticks(MinimumAskInterval)
                    : 0;
                refill = null;
            }

            completion.SetResult();
        }
        catch (Exception exception)
        {
            lock (gate)
            {
                // The next request asks again at once, and waits for that lease: only the bucket refuses (429). A
                // pause here would refuse requests while the bucket's grain moves to another silo, though the
                // supplier is under its limit; one lease at a time is out, so an outage costs one call per wait.
                nextAskAt = 0;
                refill = null;
            }

            completion.SetException(exception);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>Permits of one lease that are not spent yet, and when they are void (a timestamp).</summary>
    private sealed class Batch(int count, long expiresAt)
    {
        public int Count { get; set; } = count;

        public long ExpiresAt { get; } = expiresAt;
    }

    private sealed class Refill(LeasedPermitLimiter limiter, int wanted, int returned, SupplierRateLimit limit, long askedAt)
    {
        private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => completion.Task;

        public void Run()
        {
            _ = limiter.RefillAsync(completion, wanted, returned, limit, askedAt);
            // A lease nobody waited for may fail unobserved; the next request asks again.
            completion.Task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
    }
}
