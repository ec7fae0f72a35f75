using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;
using Nox.Api.RateLimits;
using Nox.RateLimits;
using Nox.Suppliers;

namespace Nox.Api.Tests.RateLimits;

/// <summary>
/// An API instance's leasing from the supplier's bucket, on a fake clock with a bucket the test holds: leases are
/// sized to demand and asked for before the permits run out, permits are void after the lease lifetime and go back
/// to the bucket with the next lease, a short
/// answer is not asked again at once (a failed lease is: it refuses nobody), and several instances sharing one bucket accept no more than it grants.
/// </summary>
public sealed class LeasedPermitLimiterTests
{
    private static readonly SupplierRateLimit Limit = new(PermitsPerSecond: 100, Burst: 200);

    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task The_first_request_waits_for_a_lease_of_one_and_a_lease_sized_to_demand_is_then_spent_without_asking()
    {
        var bucket = new RecordingBucket(clock);
        using var limiter = new LeasedPermitLimiter(bucket.LeaseAsync, Limit, clock);

        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        Assert.Equal(1, bucket.Asked[0]);

        // Ten requests at once count as demand: the next lease is sized to it.
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync();
        }

        var asks = bucket.Asked.Count;
        var heldBefore = limiter.GetStatistics()!.CurrentAvailablePermits;
        Assert.True(heldBefore > 0, "a lease sized to the demand is held");
        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        Assert.Equal(asks, bucket.Asked.Count);
    }

    [Fact]
    public async Task A_lease_that_does_not_come_fails_the_request_as_unavailable_after_the_lease_wait()
    {
        var never = new TaskCompletionSource<PermitGrant>();
        using var limiter = new LeasedPermitLimiter((_, _, _) => never.Task, Limit, clock);

        var acquiring = limiter.AcquireAsync().AsTask();
        clock.Advance(LeasedPermitLimiter.LeaseWait - TimeSpan.FromMilliseconds(1));
        Assert.False(acquiring.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => acquiring);
    }

    [Fact]
    public async Task After_a_failed_lease_the_next_request_asks_again_at_once_and_is_never_refused_for_it()
    {
        var bucket = new RecordingBucket(clock);
        var failing = true;
        using var limiter = new LeasedPermitLimiter(
            (wanted, returned, limit) => failing
                ? Task.FromException<PermitGrant>(new TimeoutException("the bucket's silo is gone"))
                : bucket.LeaseAsync(wanted, returned, limit),
            Limit,
            clock);

        // The bucket's grain is unavailable: the request that waited for the lease fails as unavailable (503), not 429.
        await Assert.ThrowsAsync<TimeoutException>(() => limiter.AcquireAsync().AsTask());

        // Its grain is back (on another silo); the very next request, no time later, asks again and gets a permit.
        failing = false;
        Assert.True((await limiter.AcquireAsync()).IsAcquired);
        Assert.Equal(1, bucket.Asked[0]);
    }

    [Fact]
    public async Task Requests_that_arrive_together_on_an_idle_instance_all_get_permits_the_bucket_holds()
    {
        var bucket = new RecordingBucket(clock);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var limiter = new LeasedPermitLimiter(
            async (wanted, returned, limit) =>
            {
                await held.Task;
                return await bucket.LeaseAsync(wanted, returned, limit);
            },
            Limit,
            clock);

        // The first lease (of one) is under way while nineteen more requests arrive.
        var requests = Enumerable.Range(0, 20).Select(_ => limiter.AcquireAsync().AsTask()).ToArray();
        held.SetResult();
        var leases = await Task.WhenAll(requests);

        Assert.All(leases, l => Assert.True(l.IsAcquired));
        Assert.Equal(1, bucket.Asked[0]);
        Assert.True(bucket.Asked[1] >= 19, "the second lease is sized to the requests waiting for it");
    }

    [Fact]
    public async Task Leased_permits_are_void_after_the_lease_lifetime()
    {
        var bucket = new RecordingBucket(clock);
        using var limiter = new LeasedPermitLimiter(bucket.LeaseAsync, Limit, clock);
        for (var i = 0; i < 20; i++)
        {
            await limiter.AcquireAsync();
        }

        Assert.True(limiter.GetStatistics()!.CurrentAvailablePermits > 0);
        clock.Advance(LeasedPermitLimiter.LeaseLifetime);

        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public async Task Permits_that_went_void_unspent_go_back_to_the_bucket_with_the_next_lease()
    {
        var bucket = new RecordingBucket(clock);
        using var limiter = new LeasedPermitLimiter(bucket.LeaseAsync, Limit, clock);
        for (var i = 0; i < 20; i++)
        {
            await limiter.AcquireAsync();
        }

        var held = limiter.GetStatistics()!.CurrentAvailablePermits;
        Assert.True(held > 0, "a lease sized to the demand is held");
        var asks = bucket.Asked.Count;
        Assert.All(bucket.Returned, r => Assert.Equal(0, r));

        clock.Advance(LeasedPermitLimiter.LeaseLifetime);
        Assert.True((await limiter.AcquireAsync()).IsAcquired);

        // Given back once, with the lease that followed, and not again.
        Assert.Equal(held, bucket.Returned[asks]);
        Assert.Equal(held, bucket.Returned.Sum());
    }

    [Fact]
    public async Task An_empty_bucket_is_a_refusal_with_the_time_until_a_permit_and_is_not_asked_again_before_then()
    {
        var bucket = new RecordingBucket(clock, new SupplierRateLimit(PermitsPerSecond: 1, Burst: 1));
        using var limiter = new LeasedPermitLimiter(bucket.LeaseAsync, new SupplierRateLimit(1, 1), clock);
        Assert.True((await limiter.AcquireAsync()).IsAcquired);

        var refused = await limiter.AcquireAsync();
        var asks = bucket.Asked.Count;
        var again = await limiter.AcquireAsync();

        Assert.False(refused.IsAcquired);
        Assert.False(again.IsAcquired);
        Assert.Equal(asks, bucket.Asked.Count);
        Assert.True(again.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await limiter.AcquireAsync()).IsAcquired);
    }

    [Fact]
    public async Task A_busy_instance_asks_for_the_next_lease_before_it_runs_out()
    {
        var bucket = new RecordingBucket(clock, new SupplierRateLimit(10_000, 10_000));
        using var limiter = new LeasedPermitLimiter(bucket.LeaseAsync, new SupplierRateLimit(10_000, 10_000), clock);
        var refusedOrWaited = 0;
        // 4,000 requests a second for 2 s, in 1 ms steps.
        for (var ms = 0; ms < 2_000; ms++)
        {
            for (var i = 0; i < 4; i++)
            {
                var held = limiter.GetStatistics()!.CurrentAvailablePermits;
                if (held == 0)
                {
                    refusedOrWaited++;
                }

                Assert.True((await limiter.AcquireAsync()).IsAcquired);
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // Only the ramp-up at the start finds the instance without a permit.
        Assert.InRange(refusedOrWaited, 1, 40);
        Assert.InRange(bucket.Asked.Count, 2, 2_000 / 25);
    }

    [Fact]
    public async Task Instances_sharing_one_bucket_accept_at_most_the_burst_plus_the_rate_over_the_window_and_lifetime()
    {
        var bucket = new RecordingBucket(clock);
        var limiters = Enumerable.Range(0, 3).Select(_ => new LeasedPermitLimiter(bucket.LeaseAsync, Limit, clock)).ToArray();
        var acceptedAt = new List<TimeSpan>();
        var start = clock.GetUtcNow();
        // Each instance is offered 1,000 requests a second (30 times the limit) for 30 s.
        for (var ms = 0; ms < 30_000; ms++)
        {
            foreach (var limiter in limiters)
            {
                if ((await limiter.AcquireAsync()).IsAcquired)
                {
                    acceptedAt.Add(clock.GetUtcNow() - start);
                }
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var bound = (Limit.PermitsPerSecond * 10) + Limit.Burst;
        for (var from = TimeSpan.Zero; from <= TimeSpan.FromSeconds(20); from += TimeSpan.FromMilliseconds(250))
        {
            var to = from + TimeSpan.FromSeconds(10);
            var inWindow = acceptedAt.Count(t => t >= from && t < to);
            // Within 10% of the bound, and not far below it once the burst is spent.
            Assert.InRange(inWindow, 0, bound * 1.1);
            if (from >= TimeSpan.FromSeconds(2))
            {
                Assert.InRange(inWindow, Limit.PermitsPerSecond * 10 * 0.9, bound * 1.1);
            }
        }

        foreach (var limiter in limiters)
        {
            limiter.Dispose();
        }
    }

    /// <summary>The grain's bucket, answered at once, recording what each lease asked for.</summary>
    private sealed class RecordingBucket(TimeProvider clock, SupplierRateLimit? limit = null)
    {
        private readonly PermitBucket bucket = new(clock);

        public List<int> Asked { get; } = [];

        public List<int> Returned { get; } = [];

        public Task<PermitGrant> LeaseAsync(int wanted, int returned, SupplierRateLimit requested)
        {
            Asked.Add(wanted);
            Returned.Add(returned);
            return Task.FromResult(bucket.Take(wanted, limit ?? requested, returned));
        }
    }
}
