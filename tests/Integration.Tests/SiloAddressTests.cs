using System.Net;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

[Collection(RedisCollection.Name)]
public sealed class SiloAddressTests(RedisFixture fixture)
{
    [Fact]
    public async Task A_silo_advertises_POD_IP_in_the_membership_table_and_clients_reach_it_there()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        // Any 127/8 address is this machine on Linux, so it stands in for a pod IP.
        await nox.StartSiloAsync(new Dictionary<string, string?> { ["POD_IP"] = "127.0.0.2" });
        var api = await nox.StartApiAsync();
        using var client = api.CreateClient();

        var created = await Eventually.UntilAsync(() => api.CreateSessionAsync(client), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var members = await fixture.Redis.Connection.GetDatabase().HashGetAllAsync($"{nox.ServiceId}/members/{nox.ClusterId}");
        Assert.Contains(members, m => m.Name.ToString().Contains("127.0.0.2", StringComparison.Ordinal));
        Assert.DoesNotContain(members, m => m.Name.ToString().Contains("127.0.0.1:", StringComparison.Ordinal));
    }
}
