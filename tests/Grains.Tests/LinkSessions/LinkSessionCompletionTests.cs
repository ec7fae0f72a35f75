using Nox.Brands;
using Nox.LinkSessions;
using Nox.Testing.Faults;
using Nox.Users;

namespace Nox.Grains.Tests.LinkSessions;

/// <summary>Completing a session: connector, NOX user and the stored completion, decided by the session grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LinkSessionCompletionTests(ClusterFixture fixture)
{
    private readonly LinkSessionScenario scenario = new(fixture);

    private static string NewUserId() => $"user-{Guid.NewGuid():N}";

    private INoxUserGrain UserGrain(string userId) =>
        fixture.Client.GetGrain<INoxUserGrain>(NoxUserKey.For(ClusterFixture.Supplier, userId));

    [Fact]
    public async Task Completion_carries_the_redirect_data_from_the_sandbox_and_the_nox_user()
    {
        var userId = NewUserId();
        var (_, grain, created) = await scenario.CreateAsync(userId: userId);
        fixture.Clock.Advance(TimeSpan.FromSeconds(17));

        var result = await grain.CompleteAsync(Brand.Vaillant);

        Assert.Equal(LinkSessionOutcome.Succeeded, result.Outcome);
        var completion = Assert.IsType<LinkSessionCompletion>(result.Completion);
        var user = await UserGrain(userId).GetAsync();
        Assert.Equal(user!.NoxUserId, completion.NoxUserId);
        Assert.Equal(userId, completion.SupplierUserId);
        Assert.Equal(Brand.Vaillant, completion.Brand);
        Assert.Equal([SandboxBrandConnector.DeviceId(new BrandAccount(ClusterFixture.Supplier, userId, Brand.Vaillant))], completion.DeviceIds.ToArray());
        Assert.Equal(created.CreatedAt + 17, completion.ConnectedAt);
        Assert.Equal(completion.ConnectedAt, result.Session!.CompletedAt);
    }

    [Fact]
    public async Task Completion_links_the_devices_to_the_nox_user()
    {
        var userId = NewUserId();
        var (_, grain, _) = await scenario.CreateAsync(userId: userId);

        var completion = (await grain.CompleteAsync(Brand.Nibe)).Completion!;

        var linked = Assert.Single((await UserGrain(userId).GetAsync())!.Brands);
        Assert.Equal(Brand.Nibe, linked.Brand);
        Assert.Equal(completion.DeviceIds.ToArray(), linked.DeviceIds.ToArray());
        Assert.Equal(completion.ConnectedAt, linked.ConnectedAt);
    }

    [Fact]
    public async Task Two_sessions_of_the_same_user_give_the_same_nox_user_id_and_another_user_another()
    {
        var userId = NewUserId();
        var (_, first, _) = await scenario.CreateAsync(userId: userId);
        var (_, second, _) = await scenario.CreateAsync(userId: userId);
        var (_, other, _) = await scenario.CreateAsync(userId: NewUserId());

        var a = (await first.CompleteAsync(Brand.Daikin)).Completion!;
        var b = (await second.CompleteAsync(Brand.Bulex)).Completion!;
        var c = (await other.CompleteAsync(Brand.Daikin)).Completion!;

        Assert.Equal(a.NoxUserId, b.NoxUserId);
        Assert.NotEqual(a.NoxUserId, c.NoxUserId);
        Assert.Equal([Brand.Bulex, Brand.Daikin], (await UserGrain(userId).GetAsync())!.Brands.Select(l => l.Brand));
    }

    [Fact]
    public async Task Completing_again_with_the_same_brand_answers_the_stored_completion_without_connecting_again()
    {
        var (_, grain, _) = await scenario.CreateAsync(userId: NewUserId());
        var completed = (await grain.CompleteAsync(SiloFaults.ScriptedBrand)).Completion!;
        Assert.True(await scenario.BecomesInactiveAsync(grain));
        var connectorCalls = fixture.Faults.Connector.Calls;
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));

        var again = await grain.CompleteAsync(SiloFaults.ScriptedBrand);

        Assert.Equal(LinkSessionOutcome.Succeeded, again.Outcome);
        AssertSameCompletion(completed, again.Completion);
        Assert.Equal(completed.ConnectedAt, again.Session!.CompletedAt);
        Assert.Equal(connectorCalls, fixture.Faults.Connector.Calls);
    }

    [Fact]
    public async Task Completing_again_with_another_brand_is_already_completed_and_carries_the_stored_completion()
    {
        var (_, grain, _) = await scenario.CreateAsync(userId: NewUserId());
        var completed = (await grain.CompleteAsync(Brand.Mitsubishi)).Completion!;
        Assert.True(await scenario.BecomesInactiveAsync(grain));

        var again = await grain.CompleteAsync(Brand.Lg);

        Assert.Equal(LinkSessionOutcome.AlreadyCompleted, again.Outcome);
        AssertSameCompletion(completed, again.Completion);
    }

    [Fact]
    public async Task A_failing_connector_is_unavailable_and_leaves_the_session_pending_and_the_user_unlinked()
    {
        var userId = NewUserId();
        var (_, grain, _) = await scenario.CreateAsync(userId: userId);
        using (fixture.Faults.Connector.Script((_, _) => throw new HttpRequestException("vendor says no; token=secret")))
        {
            await Assert.ThrowsAsync<BrandConnectorUnavailableException>(() => grain.CompleteAsync(SiloFaults.ScriptedBrand));
        }

        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
        Assert.Null(await UserGrain(userId).GetAsync());
        Assert.Equal(LinkSessionOutcome.Succeeded, (await grain.CompleteAsync(SiloFaults.ScriptedBrand)).Outcome);
    }

    [Fact]
    public async Task A_connector_that_ignores_its_token_is_abandoned_at_its_10_second_deadline_on_the_domain_clock()
    {
        var (_, grain, _) = await scenario.CreateAsync(userId: NewUserId());
        var entered = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (fixture.Faults.Connector.Script((_, token) =>
        {
            entered.TrySetResult(token);
            return new TaskCompletionSource<BrandConnection>().Task;
        }))
        {
            var completing = grain.CompleteAsync(SiloFaults.ScriptedBrand);
            var token = await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

            fixture.Clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
            Assert.False(token.IsCancellationRequested);
            Assert.False(completing.IsCompleted);
            fixture.Clock.Advance(TimeSpan.FromTicks(1));

            await Assert.ThrowsAsync<BrandConnectorUnavailableException>(() => completing.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(token.IsCancellationRequested);
        }

        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task The_completion_is_stamped_when_the_connector_answers()
    {
        var (_, grain, created) = await scenario.CreateAsync(userId: NewUserId());
        using (fixture.Faults.Connector.Script((account, token) =>
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(8));
            return new SandboxBrandConnector().ConnectAsync(account, token);
        }))
        {
            var result = await grain.CompleteAsync(SiloFaults.ScriptedBrand);

            Assert.Equal(created.CreatedAt + 8, result.Completion!.ConnectedAt);
            Assert.Equal(created.CreatedAt + 8, result.Session!.CompletedAt);
        }
    }

    [Fact]
    public async Task A_session_that_expires_while_the_connector_works_is_not_completed_and_links_no_devices()
    {
        var userId = NewUserId();
        var (_, grain, created) = await scenario.CreateAsync(userId: userId);
        fixture.Clock.Advance(TimeSpan.FromSeconds(590));
        using (fixture.Faults.Connector.Script((account, token) =>
        {
            fixture.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(created.ExpiresAt));
            return new SandboxBrandConnector().ConnectAsync(account, token);
        }))
        {
            var result = await grain.CompleteAsync(SiloFaults.ScriptedBrand);

            Assert.Equal(LinkSessionOutcome.AlreadyExpired, result.Outcome);
            Assert.Null(result.Completion);
        }

        var stored = (await grain.GetAsync())!;
        Assert.Equal(LinkSessionStatus.Expired, stored.Status);
        Assert.Null(stored.CompletedAt);
        Assert.Null(await UserGrain(userId).GetAsync());
        Assert.Equal(LinkSessionOutcome.AlreadyExpired, (await grain.CompleteAsync(SiloFaults.ScriptedBrand)).Outcome);
    }

    [Fact]
    public async Task A_session_that_expires_while_the_user_is_linked_is_not_completed()
    {
        var userId = NewUserId();
        var (_, grain, created) = await scenario.CreateAsync(userId: userId);
        fixture.Clock.Advance(TimeSpan.FromSeconds(590));
        fixture.Faults.Storage.BeforeNextWrite(
            UserGrain(userId).GetGrainId(),
            () => fixture.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(created.ExpiresAt)));

        var result = await grain.CompleteAsync(Brand.Daikin);

        Assert.Equal(LinkSessionOutcome.AlreadyExpired, result.Outcome);
        Assert.Null(result.Completion);
        var stored = (await grain.GetAsync())!;
        Assert.Equal(LinkSessionStatus.Expired, stored.Status);
        Assert.Null(stored.CompletedAt);
    }

    private static void AssertSameCompletion(LinkSessionCompletion expected, LinkSessionCompletion? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.NoxUserId, expected.SupplierUserId, expected.Brand, expected.ConnectedAt),
            (actual.NoxUserId, actual.SupplierUserId, actual.Brand, actual.ConnectedAt));
        Assert.Equal(expected.DeviceIds.ToArray(), actual.DeviceIds.ToArray());
    }

    [Fact]
    public async Task An_expired_session_connects_nothing_and_creates_no_user()
    {
        var userId = NewUserId();
        var (_, grain, _) = await scenario.CreateAsync(userId: userId);
        fixture.Clock.Advance(TimeSpan.FromSeconds(600));

        var result = await grain.CompleteAsync(Brand.Daikin);

        Assert.Equal(LinkSessionOutcome.AlreadyExpired, result.Outcome);
        Assert.Null(result.Completion);
        Assert.Null(await UserGrain(userId).GetAsync());
    }
}
