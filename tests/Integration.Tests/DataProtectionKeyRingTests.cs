using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Nox.Integration.Tests.Infrastructure;
using Nox.Testing.Webhooks;
using StackExchange.Redis;

namespace Nox.Integration.Tests;

/// <summary>
/// Silos started together on an empty key ring share one first key: each loads the ring under a Redis lock before
/// it serves, so a link token sealed on one silo opens on every other (a process reads the ring again only daily).
/// They share one data key too (link tokens and webhook bodies are sealed with it), which Redis holds only wrapped
/// by that ring: a webhook body sealed by the silo that completed a session opens on whichever silo sends it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class DataProtectionKeyRingTests(RedisFixture fixture)
{
    [Fact]
    public async Task Silos_started_together_on_an_empty_ring_share_one_key_and_complete_each_others_sessions()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nox = new NoxProcesses(fixture.Redis);
        var settings = new Dictionary<string, string?>(NoxProcesses.UnlimitedRate)
        {
            ["Nox__Webhooks__AllowPrivateNetworks"] = "true",
            ["Nox__Webhooks__DeliveryPollPeriod"] = "00:00:00.200",
        };
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => nox.StartSiloAsync(settings, coHostApi: true)));
        var database = fixture.Redis.Connection.GetDatabase();

        Assert.Equal(1, await database.ListLengthAsync($"{nox.ServiceId}/data-protection/keys"));
        var dataKey = await SingleDataKeyAsync(database, nox.ServiceId);

        using (var admin = silos[0].CreateClient())
        {
            var subscribed = await Eventually.UntilAsync(
                () => admin.PostAsJsonAsync("/v2/supplier/webhook-endpoints", new { url = receiver.NewUrl(), events = new[] { "link_session.completed" } }),
                r => r.StatusCode == HttpStatusCode.Created,
                TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        }

        // Sessions created through every silo (their tokens sealed wherever the creation ran) complete through every other.
        var tokens = new List<string>();
        foreach (var creator in silos)
        {
            using var supplier = creator.CreateClient();
            for (var i = 0; i < 6; i++)
            {
                var created = await supplier.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = $"ring-{Guid.NewGuid():N}", redirect_url = NoxProcesses.RedirectUrl });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
                using var browser = silos[(Array.IndexOf(silos, creator) + 1 + (i % 2)) % silos.Length].CreateClient(apiKey: null);
                var completed = await browser.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "nibe" });
                Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
                tokens.Add(token);
            }
        }

        // Each completion's event, sealed where the completion ran, is opened and sent by whichever silo delivers it.
        var sent = await receiver.WaitForAsync(r => r.Type == "link_session.completed", count: tokens.Count, within: TimeSpan.FromSeconds(120));
        Assert.Equal(
            tokens.Order(StringComparer.Ordinal),
            sent.Select(s => s.Json.GetProperty("data").GetProperty("link_token").GetString()!).Distinct().Order(StringComparer.Ordinal));

        Assert.Equal(1, await database.ListLengthAsync($"{nox.ServiceId}/data-protection/keys"));
        Assert.Equal(dataKey.Id, (await SingleDataKeyAsync(database, nox.ServiceId)).Id);
        // Neither a token nor the data key, in any usual encoding, is stored anywhere.
        await RedisContents.AssertNowhereAsync(
            fixture.Redis,
            nox.ServiceId,
            [.. tokens, Convert.ToBase64String(dataKey.Key), Base64Url.EncodeToString(dataKey.Key), Convert.ToHexString(dataKey.Key), Convert.ToHexStringLower(dataKey.Key)]);
        foreach (var key in await RedisContents.KeysAsync(fixture.Redis, $"{nox.ServiceId}/*"))
        {
            if (await database.KeyTypeAsync(key) == RedisType.Hash)
            {
                Assert.All(await database.HashGetAllAsync(key), e => Assert.False(((byte[])e.Value!).AsSpan().IndexOf(dataKey.Key) >= 0, $"{key} holds the raw data key"));
            }
        }
    }

    /// <summary>
    /// The service's one data key, unwrapped here with the service's Data Protection ring as its processes do: the
    /// hash holds the current key's id and that one key, wrapped (a Data Protection payload, not the 32 bytes).
    /// </summary>
    private static async Task<(string Id, byte[] Key)> SingleDataKeyAsync(IDatabase database, string serviceId)
    {
        var entries = await database.HashGetAllAsync($"{serviceId}/data-protection/data-keys");
        Assert.Equal(2, entries.Length);
        string id = entries.Single(e => e.Name == "current").Value!;
        var wrapped = Base64Url.DecodeFromChars((string)entries.Single(e => e.Name == id).Value!);
        Assert.True(wrapped.Length > 32 + 16, "the data key is stored wrapped, not as its 32 bytes");
        // Data Protection's magic header (0x09F0C9F0).
        Assert.Equal(new byte[] { 0x09, 0xF0, 0xC9, 0xF0 }, wrapped[..4]);

        var services = new ServiceCollection();
        services.AddDataProtection()
            .SetApplicationName(serviceId)
            .PersistKeysToStackExchangeRedis(() => database, $"{serviceId}/data-protection/keys");
        await using var provider = services.BuildServiceProvider();
        var key = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Nox.DataKeys.v1").Unprotect(wrapped);
        Assert.Equal(32, key.Length);
        return (id, key);
    }
}
