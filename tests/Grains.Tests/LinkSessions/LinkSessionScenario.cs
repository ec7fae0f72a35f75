using Nox.LinkSessions;
using Orleans.Runtime;

namespace Nox.Grains.Tests.LinkSessions;

/// <summary>Opens sessions the way the API does and finds their grains.</summary>
public sealed class LinkSessionScenario(ClusterFixture fixture)
{
    public async Task<(string Token, ILinkSessionGrain Grain, LinkSession Created)> CreateAsync(
        string supplier = ClusterFixture.Supplier, string userId = "user-1")
    {
        var token = LinkToken.Mint();
        var key = LinkToken.ToGrainKey(token);
        var created = await fixture.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(
            [new LinkSessionCreation(key, new NewLinkSession(supplier, userId, $"https://{supplier}.example/return", Brand.Daikin, Language.En))]);
        return (token, fixture.Client.GetGrain<ILinkSessionGrain>(key), Assert.Single(created).Session!);
    }

    /// <summary>Whether the grain has an activation anywhere in the cluster right now.</summary>
    public async Task<bool> IsActiveAsync(ILinkSessionGrain grain)
    {
        var statistics = await fixture.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return statistics.Any(s => s.GrainId == grain.GetGrainId());
    }

    /// <summary>Deactivation on idle happens just after a call returns; wait for it, boundedly.</summary>
    public async Task<bool> BecomesInactiveAsync(ILinkSessionGrain grain)
    {
        for (var i = 0; i < 100; i++)
        {
            if (!await IsActiveAsync(grain))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
