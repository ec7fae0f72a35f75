using Nox.LinkSessions;
using Nox.Testing.Faults;

namespace Nox.Grains.Tests.LinkSessions;

[Collection(ClusterCollection.Name)]
public sealed class LinkSessionGrainTests(ClusterFixture fixture)
{
    private readonly LinkSessionScenario scenario = new(fixture);

    [Fact]
    public async Task Create_stamps_created_at_from_the_clock_and_expires_600_seconds_later()
    {
        var (_, grain, created) = await scenario.CreateAsync();

        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), created.CreatedAt);
        Assert.Equal(created.CreatedAt + 600, created.ExpiresAt);
        Assert.Equal(LinkSessionStatus.Pending, created.Status);
        Assert.Null(created.CompletedAt);
        Assert.Equal(created, await grain.GetForSupplierAsync(ClusterFixture.Supplier));
    }

    [Fact]
    public async Task Create_does_not_activate_the_session_grain()
    {
        var (_, grain, _) = await scenario.CreateAsync();

        Assert.False(await scenario.IsActiveAsync(grain));
    }

    [Fact]
    public async Task Session_is_pending_until_its_expires_at_second_and_expired_from_it_on_a_clock_between_seconds()
    {
        MoveClockBetweenSeconds();
        var (_, grain, created) = await scenario.CreateAsync();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(created.ExpiresAt);

        // 599 s after creation is pending, and so is the last tick before expires_at, although that is
        // less than 600 s after the moment of creation.
        fixture.Clock.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
        fixture.Clock.SetUtcNow(expiresAt - TimeSpan.FromTicks(1));
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);

        fixture.Clock.SetUtcNow(expiresAt);
        Assert.Equal(LinkSessionStatus.Expired, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task Completing_in_the_last_tick_before_expires_at_succeeds_on_a_clock_between_seconds()
    {
        MoveClockBetweenSeconds();
        var (_, grain, created) = await scenario.CreateAsync();

        fixture.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(created.ExpiresAt) - TimeSpan.FromTicks(1));
        var result = await grain.CompleteAsync(Brand.Nibe);

        Assert.Equal(LinkSessionOutcome.Succeeded, result.Outcome);
        Assert.Equal(created.ExpiresAt - 1, result.Session!.CompletedAt);
    }

    [Fact]
    public async Task Completing_at_599_seconds_succeeds()
    {
        MoveClockBetweenSeconds();
        var (_, grain, created) = await scenario.CreateAsync();

        fixture.Clock.Advance(TimeSpan.FromSeconds(599));
        var result = await grain.CompleteAsync(Brand.Nibe);

        Assert.Equal(LinkSessionOutcome.Succeeded, result.Outcome);
        Assert.Equal(LinkSessionStatus.Completed, result.Session!.Status);
        Assert.Equal(created.CreatedAt + 599, result.Session.CompletedAt);
    }

    [Fact]
    public async Task Completing_at_600_seconds_is_refused_as_expired()
    {
        MoveClockBetweenSeconds();
        var (_, grain, _) = await scenario.CreateAsync();

        fixture.Clock.Advance(TimeSpan.FromSeconds(600));
        var result = await grain.CompleteAsync(Brand.Nibe);

        Assert.Equal(LinkSessionOutcome.AlreadyExpired, result.Outcome);
        Assert.Equal(LinkSessionStatus.Expired, result.Session!.Status);
        Assert.Null(result.Session.CompletedAt);
    }

    [Fact]
    public async Task Twenty_concurrent_completions_with_one_brand_complete_the_session_once_and_all_answer_that_completion()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        var connectorCalls = fixture.Faults.Connector.Calls;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.CompleteAsync(SiloFaults.ScriptedBrand)));

        Assert.All(results, r => Assert.Equal(LinkSessionOutcome.Succeeded, r.Outcome));
        Assert.Single(results.Select(r => (r.Completion!.NoxUserId, r.Completion.ConnectedAt, string.Join(',', r.Completion.DeviceIds))).Distinct());
        Assert.Single(results.Select(r => r.Session!.CompletedAt).Distinct());
        Assert.Equal(connectorCalls + 1, fixture.Faults.Connector.Calls);
    }

    [Fact]
    public async Task Concurrent_completions_with_two_brands_complete_once_and_refuse_the_other_brand()
    {
        var (_, grain, _) = await scenario.CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => grain.CompleteAsync(i % 2 == 0 ? Brand.Vaillant : Brand.Bulex)));

        var winner = results.First(r => r.Outcome == LinkSessionOutcome.Succeeded).Completion!.Brand;
        Assert.Equal(10, results.Count(r => r.Outcome == LinkSessionOutcome.Succeeded));
        Assert.All(results.Where(r => r.Outcome == LinkSessionOutcome.Succeeded), r => Assert.Equal(winner, r.Completion!.Brand));
        Assert.Equal(10, results.Count(r => r.Outcome == LinkSessionOutcome.AlreadyCompleted));
    }

    [Fact]
    public async Task Expire_ends_a_pending_session_now()
    {
        var (_, grain, created) = await scenario.CreateAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(42));

        var result = await grain.ExpireAsync(ClusterFixture.Supplier);

        Assert.Equal(LinkSessionOutcome.Succeeded, result.Outcome);
        Assert.Equal(LinkSessionStatus.Expired, result.Session!.Status);
        Assert.Equal(created.CreatedAt + 42, result.Session.ExpiresAt);
        Assert.Equal(LinkSessionOutcome.AlreadyExpired, (await grain.CompleteAsync(Brand.Lg)).Outcome);
    }

    [Fact]
    public async Task Expire_is_idempotent_on_an_expired_session()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        var first = await grain.ExpireAsync(ClusterFixture.Supplier);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));

        var second = await grain.ExpireAsync(ClusterFixture.Supplier);

        Assert.Equal(LinkSessionOutcome.Succeeded, second.Outcome);
        Assert.Equal(first.Session, second.Session);
    }

    [Fact]
    public async Task Expire_is_idempotent_on_a_naturally_expired_session_and_keeps_its_expiry()
    {
        var (_, grain, created) = await scenario.CreateAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(700));

        var result = await grain.ExpireAsync(ClusterFixture.Supplier);

        Assert.Equal(LinkSessionOutcome.Succeeded, result.Outcome);
        Assert.Equal(created.ExpiresAt, result.Session!.ExpiresAt);
    }

    [Fact]
    public async Task Expire_is_refused_on_a_completed_session()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        await grain.CompleteAsync(Brand.Toshiba);

        var result = await grain.ExpireAsync(ClusterFixture.Supplier);

        Assert.Equal(LinkSessionOutcome.AlreadyCompleted, result.Outcome);
        Assert.Equal(LinkSessionStatus.Completed, result.Session!.Status);
    }

    [Fact]
    public async Task Another_supplier_can_neither_read_nor_expire_the_session()
    {
        var (_, grain, _) = await scenario.CreateAsync();

        Assert.Null(await grain.GetForSupplierAsync(ClusterFixture.OtherSupplier));
        Assert.Equal(LinkSessionOutcome.NotFound, (await grain.ExpireAsync(ClusterFixture.OtherSupplier)).Outcome);
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task An_unknown_token_is_not_found_and_leaves_no_activation()
    {
        var grain = fixture.Client.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(LinkToken.Mint()));

        Assert.Null(await grain.GetAsync());
        Assert.Equal(LinkSessionOutcome.NotFound, (await grain.CompleteAsync(Brand.Bulex)).Outcome);
        Assert.True(await scenario.BecomesInactiveAsync(grain));
    }

    [Fact]
    public async Task A_completed_session_deactivates_its_grain()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        await grain.CompleteAsync(Brand.Daikin);

        Assert.True(await scenario.BecomesInactiveAsync(grain));
        Assert.Equal(LinkSessionStatus.Completed, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task An_expired_session_deactivates_its_grain()
    {
        var (_, grain, _) = await scenario.CreateAsync();
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
        Assert.True(await scenario.IsActiveAsync(grain));

        fixture.Clock.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal(LinkSessionStatus.Expired, (await grain.GetAsync())!.Status);

        Assert.True(await scenario.BecomesInactiveAsync(grain));
    }

    /// <summary>Puts the clock 437 ms past a whole second, whatever earlier tests did to it.</summary>
    private void MoveClockBetweenSeconds()
    {
        fixture.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(fixture.Clock.GetUtcNow().ToUnixTimeSeconds() + 1).AddMilliseconds(437));
        Assert.NotEqual(0, fixture.Clock.GetUtcNow().Millisecond);
    }
}
