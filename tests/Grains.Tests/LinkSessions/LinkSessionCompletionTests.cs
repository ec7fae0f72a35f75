using Nox.Brands;
using Nox.LinkSessions;
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
    public async Task A_completed_sessions_completion_is_stored_and_returned_with_409_outcomes()
    {
        var (_, grain, _) = await scenario.CreateAsync(userId: NewUserId());
        var completed = (await grain.CompleteAsync(Brand.Mitsubishi)).Completion!;
        Assert.True(await scenario.BecomesInactiveAsync(grain));

        var again = await grain.CompleteAsync(Brand.Lg);

        Assert.Equal(LinkSessionOutcome.AlreadyCompleted, again.Outcome);
        var stored = Assert.IsType<LinkSessionCompletion>(again.Completion);
        Assert.Equal(
            (completed.NoxUserId, completed.SupplierUserId, completed.Brand, completed.ConnectedAt),
            (stored.NoxUserId, stored.SupplierUserId, stored.Brand, stored.ConnectedAt));
        Assert.Equal(completed.DeviceIds.ToArray(), stored.DeviceIds.ToArray());
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
