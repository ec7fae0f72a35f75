using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;
using StackExchange.Redis;

namespace Nox.Integration.Tests;

/// <summary>The Authenticator on the real topology: completions and NOX users are stored in Redis and outlive their silo.</summary>
[Collection(RedisCollection.Name)]
public sealed class AuthenticatorStorageTests(RedisFixture fixture)
{
    [Fact]
    public async Task A_nox_user_and_a_completion_survive_the_silo_being_replaced()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var first = await nox.StartSiloAsync();
        var api = await nox.StartApiAsync();
        using var supplier = api.CreateClient();
        var userId = $"customer-{Guid.NewGuid():N}";
        var token = await CreateAsync(supplier, userId);

        var page = await supplier.GetAsync($"/ui?token={token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supplier.GetAsync("/ui/authenticator.js")).StatusCode);
        var firstLink = await CompleteAsync(api, token, "daikin");
        Assert.Equal(HttpStatusCode.OK, firstLink.StatusCode);
        var firstBody = await firstLink.Content.ReadAsStringAsync();
        var firstData = await DataAsync(firstLink);

        await first.Child.StopAsync();
        await nox.StartSiloAsync();

        // The same brand again is answered from the stored completion, byte for byte; another brand is refused.
        var again = await Eventually.UntilAsync(() => CompleteAsync(api, token, "daikin"), r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await CompleteAsync(api, token, "nibe")).StatusCode);
        var relink = await CompleteAsync(api, await CreateAsync(supplier, userId), "vaillant");
        Assert.Equal(HttpStatusCode.OK, relink.StatusCode);
        Assert.Equal(firstData.GetProperty("nox_user_id").GetString(), (await DataAsync(relink)).GetProperty("nox_user_id").GetString());
    }

    [Fact]
    public async Task User_entries_carry_no_ttl_and_their_keys_hold_no_supplier_user_id()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync();
        var api = await nox.StartApiAsync();
        using var supplier = api.CreateClient();
        var userId = $"customer-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(api, await CreateAsync(supplier, userId), "nibe")).StatusCode);
        var server = fixture.Redis.Connection.GetServers().Single();
        var database = fixture.Redis.Connection.GetDatabase();

        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{nox.ServiceId}/state/noxuser/*"))
        {
            keys.Add(key);
        }

        var userKey = Assert.Single(keys);
        Assert.DoesNotContain(userId, userKey.ToString(), StringComparison.Ordinal);
        Assert.Null(await database.KeyTimeToLiveAsync(userKey));
    }

    private static async Task<string> CreateAsync(HttpClient supplier, string userId)
    {
        var created = await Eventually.UntilAsync(
            () => supplier.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = userId, redirect_url = NoxProcesses.RedirectUrl }),
            r => r.StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
    }

    /// <summary>As the page does it: no API key, JSON, from the public origin.</summary>
    private static async Task<HttpResponseMessage> CompleteAsync(NoxProcess api, string token, string brand)
    {
        using var client = api.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/link-sessions/{token}/complete")
        {
            Content = JsonContent.Create(new { brand }),
        };
        request.Headers.Add("Origin", "https://auth.nox.test");
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> DataAsync(HttpResponseMessage response)
    {
        var redirectTo = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirect_to").GetString()!;
        var data = redirectTo[(redirectTo.IndexOf("data=", StringComparison.Ordinal) + 5)..];
        return JsonDocument.Parse(Base64Url.DecodeFromChars(data)).RootElement.Clone();
    }
}
