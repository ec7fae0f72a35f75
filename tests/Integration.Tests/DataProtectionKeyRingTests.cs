using System.Net;
using System.Net.Http.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>
/// Silos started together on an empty key ring share one first key: each loads the ring under a Redis lock before
/// it serves, so a link token sealed on one silo opens on every other (a process reads the ring again only daily).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class DataProtectionKeyRingTests(RedisFixture fixture)
{
    [Fact]
    public async Task Silos_started_together_on_an_empty_ring_share_one_key_and_complete_each_others_sessions()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => nox.StartSiloAsync(NoxProcesses.UnlimitedRate, coHostApi: true)));

        Assert.Equal(1, await fixture.Redis.Connection.GetDatabase().ListLengthAsync($"{nox.ServiceId}/data-protection/keys"));

        // Sessions created through every silo (their tokens sealed wherever the creation ran) complete through every other.
        foreach (var creator in silos)
        {
            using var supplier = creator.CreateClient();
            for (var i = 0; i < 6; i++)
            {
                var created = await supplier.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = $"ring-{Guid.NewGuid():N}", redirect_url = NoxProcesses.RedirectUrl });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("link_token").GetString();
                using var browser = silos[(Array.IndexOf(silos, creator) + 1 + (i % 2)) % silos.Length].CreateClient(apiKey: null);
                var completed = await browser.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "nibe" });
                Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
            }
        }

        Assert.Equal(1, await fixture.Redis.Connection.GetDatabase().ListLengthAsync($"{nox.ServiceId}/data-protection/keys"));
    }
}
