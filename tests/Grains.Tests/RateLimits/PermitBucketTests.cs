using Microsoft.Extensions.Time.Testing;
using Nox.RateLimits;
using Nox.Suppliers;

namespace Nox.Grains.Tests.RateLimits;

/// <summary>The supplier's cluster-wide bucket, on a fake clock: what it grants, when, and under a changed limit.</summary>
public sealed class PermitBucketTests
{
    private static readonly SupplierRateLimit Limit = new(PermitsPerSecond: 100, Burst: 200);

    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void A_new_bucket_grants_its_burst_and_no_more()
    {
        var bucket = new PermitBucket(clock);

        Assert.Equal(new PermitGrant(150, 50, TimeSpan.Zero), bucket.Take(150, Limit));
        var rest = bucket.Take(150, Limit);

        Assert.Equal((50, 0), (rest.Granted, rest.Remaining));
        Assert.Equal(TimeSpan.FromMilliseconds(10), rest.NextPermitIn);
    }

    [Fact]
    public void An_empty_bucket_refills_at_the_permits_per_second_up_to_the_burst()
    {
        var bucket = new PermitBucket(clock);
        bucket.Take(200, Limit);

        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(25, bucket.Take(1000, Limit).Granted);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(200, bucket.Take(1000, Limit).Granted);
    }

    [Fact]
    public void Over_any_window_it_grants_at_most_the_burst_plus_the_rate_times_the_window()
    {
        var bucket = new PermitBucket(clock);
        var granted = 0L;
        // Asked every 7 ms for more than it can give, for 10 s.
        for (var elapsed = TimeSpan.Zero; elapsed <= TimeSpan.FromSeconds(10); elapsed += TimeSpan.FromMilliseconds(7))
        {
            granted += bucket.Take(50, Limit).Granted;
            clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        // 200 + 100 × 10; fractions of a permit stay in the bucket, so at most one short.
        Assert.InRange(granted, 1199, 1200);
    }

    [Fact]
    public void A_lowered_burst_caps_what_the_bucket_holds_and_a_new_rate_refills_from_then_on()
    {
        var bucket = new PermitBucket(clock);
        bucket.Take(0, Limit);

        Assert.Equal(20, bucket.Take(1000, new SupplierRateLimit(10, 20)).Granted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, bucket.Take(1000, new SupplierRateLimit(10, 20)).Granted);
    }

    [Fact]
    public void Permits_given_back_are_granted_again_and_the_bucket_still_holds_at_most_its_burst()
    {
        var bucket = new PermitBucket(clock);
        bucket.Take(200, Limit);

        Assert.Equal(30, bucket.Take(1000, Limit, returned: 30).Granted);
        Assert.Equal(new PermitGrant(0, 200, TimeSpan.Zero), bucket.Take(0, Limit, returned: 500));
    }

    [Fact]
    public void Asking_for_nothing_grants_nothing_and_says_what_is_left()
    {
        var bucket = new PermitBucket(clock);

        Assert.Equal(new PermitGrant(0, 200, TimeSpan.Zero), bucket.Take(0, Limit));
    }
}
