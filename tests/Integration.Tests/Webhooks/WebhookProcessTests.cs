using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;
using Nox.Testing.Webhooks;

namespace Nox.Integration.Tests.Webhooks;

/// <summary>
/// Webhooks between real processes on Redis and a real receiver on loopback: signatures checked by independent
/// implementations, the durable retry schedule, 410, a silo killed (SIGKILL) right after a completion, and
/// lifetime expiry on a real clock. The background work polls faster than by default; the contract's timings are
/// not changed, except the session lifetime in the one test that watches lifetimes run out. Link tokens are sent
/// in the events and never stored in plain text: each test checks every Redis key and value for them.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class WebhookProcessTests(RedisFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Nox__Webhooks__AllowPrivateNetworks"] = "true",
        ["Nox__Webhooks__SweepPeriod"] = "00:00:01",
        ["Nox__Webhooks__ChangedSweepDelay"] = "00:00:03",
        ["Nox__Webhooks__DeliveryPollPeriod"] = "00:00:00.200",
        ["Nox__Webhooks__RetryDelays__0"] = "00:00:01",
        ["Nox__Webhooks__RetryDelays__1"] = "00:00:02",
    };

    [Fact]
    public async Task A_completion_is_delivered_signed_and_retried_with_the_same_id_and_410_disables_its_endpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync(Settings(), coHostApi: true);
        using var client = silo.CreateClient();
        var url = receiver.NewUrl();
        var gone = receiver.NewUrl();
        receiver.Answer(url, 500);
        receiver.Answer(url, 503);
        receiver.Answer(gone, 410);
        var secret = (await CreateEndpointAsync(client, url)).GetProperty("secret").GetString()!;
        var goneId = (await CreateEndpointAsync(client, gone)).GetProperty("id").GetString();

        var token = await CreateAndCompleteAsync(silo, client);

        var attempts = await receiver.WaitForAsync(url, count: 3, within: Within);
        Assert.Equal([500, 503, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.Single(attempts.Select(a => a.BodyText).Distinct());
        Assert.All(attempts, a =>
        {
            Assert.Equal("link_session.completed", a.Type);
            Assert.Equal(token, a.Json.GetProperty("data").GetProperty("link_token").GetString());
            Assert.True(WebhookSignatures.NoxVerifies(secret, a));
            WebhookSignatures.StandardVerify(secret, a);
        });

        await Eventually.UntilAsync(
            async () => await client.GetFromJsonAsync<JsonElement>("/v2/supplier/webhook-endpoints"),
            e => !e.GetProperty("data").EnumerateArray().Single(x => x.GetProperty("id").GetString() == goneId).GetProperty("enabled").GetBoolean(),
            Within);
        Assert.Single(receiver.At(gone));
        await RedisContents.AssertNowhereAsync(fixture.Redis, nox.ServiceId, token);
    }

    [Fact]
    public async Task A_silo_killed_right_after_a_completion_still_delivers_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync(Settings(), coHostApi: true);
        var url = receiver.NewUrl();
        string secret;
        string token;
        using (var client = silo.CreateClient())
        {
            secret = (await CreateEndpointAsync(client, url)).GetProperty("secret").GetString()!;
            token = await CreateAndCompleteAsync(silo, client);
        }

        silo.Child.Kill();
        var replacement = await nox.StartSiloAsync(Settings(), coHostApi: true);

        var delivered = (await receiver.WaitForAsync(r => r.Path == new Uri(url).AbsolutePath && r.AnsweredStatus == 200, within: Within))[0];
        Assert.Equal("link_session.completed", delivered.Type);
        Assert.Equal(token, delivered.Json.GetProperty("data").GetProperty("link_token").GetString());
        Assert.True(WebhookSignatures.NoxVerifies(secret, delivered));
        WebhookSignatures.StandardVerify(secret, delivered);
        using var after = replacement.CreateClient();
        Assert.Equal("completed", (await after.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}")).GetProperty("status").GetString());
        await RedisContents.AssertNowhereAsync(fixture.Redis, nox.ServiceId, token);
    }

    [Fact]
    public async Task Sessions_nobody_reads_get_exactly_one_lifetime_expiry_each_on_a_real_clock()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nox = new NoxProcesses(fixture.Redis);
        var settings = Settings();
        // The test hook: a 10 s lifetime instead of the contract's 600 s, and a shorter grace before a bucket's sweep.
        settings["Nox__LinkSessions__Lifetime"] = "00:00:10";
        settings["Nox__Webhooks__ExpiryGrace"] = "00:00:03";
        var silo = await nox.StartSiloAsync(settings, coHostApi: true);
        using var client = silo.CreateClient();
        var url = receiver.NewUrl();
        await CreateEndpointAsync(client, url, "link_session.expired");
        var unread = new List<(string Token, long ExpiresAt)>();
        for (var i = 0; i < 3; i++)
        {
            unread.Add(await CreateAsync(silo, client));
        }

        var (expiredBySupplier, _) = await CreateAsync(silo, client);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/supplier/link-sessions/{expiredBySupplier}/expire", null)).StatusCode);
        bool IsExpiry(ReceivedWebhook r) => r.Path == new Uri(url).AbsolutePath && r.Type == "link_session.expired";
        await receiver.WaitForAsync(IsExpiry, count: 4, within: Within);

        // A session created now expires in a later bucket: once its event is in, the sweepers have swept every
        // bucket before it, and any second event for the sessions above would have been sent.
        var later = await CreateAsync(silo, client);
        var received = await receiver.WaitForAsync(IsExpiry, count: 5, within: Within);

        var byToken = received.ToLookup(r => r.Json.GetProperty("data").GetProperty("link_token").GetString()!);
        Assert.Equal(5, byToken.Count);
        foreach (var (token, expiresAt) in unread.Append(later))
        {
            var data = Assert.Single(byToken[token]).Json.GetProperty("data");
            Assert.Equal("lifetime", data.GetProperty("reason").GetString());
            Assert.Equal("expired", data.GetProperty("status").GetString());
            Assert.Equal(expiresAt, data.GetProperty("expires_at").GetInt64());
        }

        Assert.Equal("supplier", Assert.Single(byToken[expiredBySupplier]).Json.GetProperty("data").GetProperty("reason").GetString());
        await RedisContents.AssertNowhereAsync(fixture.Redis, nox.ServiceId, [.. byToken.Select(g => g.Key)]);
    }

    [Fact]
    public async Task A_receiver_that_holds_every_delivery_does_not_hold_up_creates_or_completions()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nox = new NoxProcesses(fixture.Redis);
        var silo = await nox.StartSiloAsync(Settings(), coHostApi: true);
        using var client = silo.CreateClient();
        var url = receiver.NewUrl();
        // Longer than the 15 s attempt timeout: every attempt is held until NOX gives up on it.
        receiver.Answer(url, 200, delay: TimeSpan.FromMinutes(2), times: 100);
        await CreateEndpointAsync(client, url);
        for (var i = 0; i < 4; i++)
        {
            await CreateAndCompleteAsync(silo, client);
        }

        await Eventually.UntilAsync(() => Task.FromResult(receiver.Held), held => held >= 4, Within);

        // Every create and completion answers while the endpoint holds all its attempts (at its concurrency bound).
        for (var i = 0; i < 20; i++)
        {
            await CreateAndCompleteAsync(silo, client);
        }

        Assert.True(receiver.Held >= 1, "the deliveries were still held while the creates and completions answered");
    }

    private static async Task<JsonElement> CreateEndpointAsync(HttpClient client, string url, string events = "link_session.completed")
    {
        var response = await Eventually.UntilAsync(
            () => client.PostAsJsonAsync("/v2/supplier/webhook-endpoints", new { url, events = new[] { events } }),
            r => r.StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(string Token, long ExpiresAt)> CreateAsync(NoxProcess silo, HttpClient client)
    {
        var created = await silo.CreateSessionAsync(client);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (session.GetProperty("link_token").GetString()!, session.GetProperty("expires_at").GetInt64());
    }

    private static async Task<string> CreateAndCompleteAsync(NoxProcess silo, HttpClient client)
    {
        var (token, _) = await CreateAsync(silo, client);
        using var page = silo.CreateClient(apiKey: null);
        Assert.Equal(HttpStatusCode.OK, (await page.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "daikin" })).StatusCode);
        return token;
    }
}
