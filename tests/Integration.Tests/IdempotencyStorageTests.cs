using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;
using StackExchange.Redis;

namespace Nox.Integration.Tests;

/// <summary>Idempotency-Key on the real topology: the key holds across API instances and silos, and outlives its silo in Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class IdempotencyStorageTests(RedisFixture fixture)
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/supplier/link-sessions")
        {
            Content = JsonContent.Create(new { user_id = "user-1", redirect_url = NoxProcesses.RedirectUrl }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_key_used_through_one_api_instance_is_replayed_through_another_after_the_silo_is_replaced()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var firstSilo = await nox.StartSiloAsync();
        var one = await nox.StartApiAsync();
        var another = await nox.StartApiAsync();
        using var oneClient = one.CreateClient();
        using var anotherClient = another.CreateClient();
        var key = Guid.NewGuid().ToString();
        var first = await Eventually.UntilAsync(() => PostAsync(oneClient, key), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        var token = JsonDocument.Parse(firstBody).RootElement.GetProperty("link_token").GetString()!;

        await firstSilo.Child.StopAsync();
        await nox.StartSiloAsync();

        var replay = await Eventually.UntilAsync(() => PostAsync(anotherClient, key), r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(firstBody, await replay.Content.ReadAsByteArrayAsync());

        // In Redis: under a digest of supplier and key, kept a day (and a minute), holding no usable token.
        var server = fixture.Redis.Connection.GetServers().Single();
        var database = fixture.Redis.Connection.GetDatabase();
        var keys = new List<RedisKey>();
        await foreach (var stored in server.KeysAsync(pattern: $"{nox.ServiceId}/state/idempotencykey/*"))
        {
            keys.Add(stored);
        }

        var recordKey = Assert.Single(keys);
        Assert.DoesNotContain(key, recordKey.ToString(), StringComparison.Ordinal);
        Assert.InRange((await database.KeyTimeToLiveAsync(recordKey))!.Value, TimeSpan.FromHours(24), TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.All(await database.HashGetAllAsync(recordKey), entry =>
        {
            Assert.DoesNotContain(token, entry.Value.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(key, entry.Value.ToString(), StringComparison.Ordinal);
        });
    }
}
