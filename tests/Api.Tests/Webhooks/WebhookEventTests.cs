using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.LinkSessions;
using Nox.Testing.Webhooks;

namespace Nox.Api.Tests.Webhooks;

/// <summary>The events a session's life produces, the event log and redelivery; the retry policy on a fake clock.</summary>
public abstract class WebhookEventTests(WebhookApiFixture fixture)
{
    [Collection(SplitWebhookApiCollection.Name)]
    public sealed class Split(SplitWebhookApiFixture fixture) : WebhookEventTests(fixture);

    [Collection(CoHostedWebhookApiCollection.Name)]
    public sealed class CoHosted(CoHostedWebhookApiFixture fixture) : WebhookEventTests(fixture);

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_completion_is_delivered_signed_with_the_session_as_get_shows_it_plus_the_user_and_devices()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        var secret = (await supplier.CreateEndpointAsync(url)).GetProperty("secret").GetString()!;
        var token = await supplier.CreateSessionAsync();

        await supplier.CompleteAsync(token);

        var received = Assert.Single(await fixture.Receiver.WaitForAsync(r => r.Path == new Uri(url).AbsolutePath && r.Type == "link_session.completed"));
        Assert.True(WebhookSignatures.NoxVerifies(secret, received));
        WebhookSignatures.StandardVerify(secret, received);
        var body = received.Json;
        Assert.StartsWith("evt_", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(["id", "type", "created_at", "data"], body.EnumerateObject().Select(p => p.Name));
        var session = await supplier.GetSessionAsync(token);
        var data = body.GetProperty("data");
        foreach (var member in session.EnumerateObject())
        {
            Assert.Equal(member.Value.GetRawText(), data.GetProperty(member.Name).GetRawText());
        }

        Assert.Equal(
            [.. session.EnumerateObject().Select(p => p.Name), "nox_user_id", "device_ids"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrEmpty(data.GetProperty("nox_user_id").GetString()));
        Assert.NotEmpty(data.GetProperty("device_ids").EnumerateArray());
    }

    [Fact]
    public async Task The_event_log_shows_the_event_exactly_as_sent_with_its_delivery()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        var endpointId = (await supplier.CreateEndpointAsync(url)).GetProperty("id").GetString();
        var token = await supplier.CreateSessionAsync();
        await supplier.CompleteAsync(token);
        var received = (await fixture.Receiver.WaitForAsync(url)).Single();

        var logged = await EventuallyAsync(supplier, log => log.GetProperty("data")[0].GetProperty("deliveries")[0].GetProperty("status").GetString() == "delivered");

        var entry = logged.GetProperty("data")[0];
        Assert.False(logged.GetProperty("has_more").GetBoolean());
        Assert.Equal(received.Json.GetProperty("id").GetString(), entry.GetProperty("id").GetString());
        Assert.Equal("link_session.completed", entry.GetProperty("type").GetString());
        Assert.Equal(received.Json.GetProperty("created_at").GetInt64(), entry.GetProperty("created_at").GetInt64());
        Assert.Equal(received.Json.GetProperty("data").GetRawText(), entry.GetProperty("data").GetRawText());
        var delivery = Assert.Single(entry.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(endpointId, delivery.GetProperty("endpoint_id").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_user_is_one_signed_user_deleted_event_with_its_ids()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        var secret = (await supplier.CreateEndpointAsync(url, "user.deleted")).GetProperty("secret").GetString()!;
        var token = await supplier.CreateSessionAsync("deleted-user-1");
        using var page = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await page.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "daikin" })).StatusCode);
        var noxUserId = (await supplier.Http.GetFromJsonAsync<JsonElement>($"/v2/supplier/users/{Uri.EscapeDataString("deleted-user-1")}"))
            .GetProperty("nox_user_id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await supplier.Http.DeleteAsync($"/v2/supplier/users/{Uri.EscapeDataString("deleted-user-1")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supplier.Http.DeleteAsync($"/v2/supplier/users/{Uri.EscapeDataString("deleted-user-1")}")).StatusCode);

        var deleted = Assert.Single(await fixture.Receiver.WaitForAsync(url));
        Assert.Equal("user.deleted", deleted.Type);
        Assert.True(WebhookSignatures.NoxVerifies(secret, deleted));
        WebhookSignatures.StandardVerify(secret, deleted);
        var data = deleted.Json.GetProperty("data");
        Assert.Equal(["supplier_user_id", "nox_user_id"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal("deleted-user-1", data.GetProperty("supplier_user_id").GetString());
        Assert.Equal(noxUserId, data.GetProperty("nox_user_id").GetString());
        var log = await EventuallyAsync(supplier, l => l.GetProperty("data").GetArrayLength() == 1);
        Assert.Equal("user.deleted", log.GetProperty("data")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Opening_the_page_is_an_event_the_first_time_only()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(url, "link_session.opened");
        var token = await supplier.CreateSessionAsync();
        using var browser = fixture.Host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/ui?token={token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/ui?token={token}&language=en")).StatusCode);

        var opened = Assert.Single(await fixture.Receiver.WaitForAsync(url));
        Assert.Equal("link_session.opened", opened.Type);
        Assert.Equal("pending", opened.Json.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(token, opened.Json.GetProperty("data").GetProperty("link_token").GetString());
        await supplier.CompleteAsync(token);
        var log = await EventuallyAsync(supplier, l => l.GetProperty("data").GetArrayLength() == 1);
        Assert.Equal("link_session.opened", log.GetProperty("data")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Expiry_by_the_supplier_is_one_expired_event_with_reason_supplier()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(url, "link_session.expired");
        var token = await supplier.CreateSessionAsync();

        Assert.Equal(HttpStatusCode.OK, (await supplier.Http.PostAsync($"/v2/supplier/link-sessions/{token}/expire", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supplier.Http.PostAsync($"/v2/supplier/link-sessions/{token}/expire", null)).StatusCode);

        var expired = Assert.Single(await fixture.Receiver.WaitForAsync(url));
        var data = expired.Json.GetProperty("data");
        Assert.Equal("supplier", data.GetProperty("reason").GetString());
        Assert.Equal("expired", data.GetProperty("status").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), data.GetProperty("expires_at").GetInt64());
        // Delivery is at least once: until the outcome is stored, a sweeper that the clock jump below makes
        // see an old change could send the same event again (same id), which is not what this test is about.
        await EventuallyAsync(supplier, l => l.GetProperty("data")[0].GetProperty("deliveries")[0].GetProperty("status").GetString() == "delivered");

        // The lifetime passing later adds no second expiry event.
        fixture.Clock.Advance(LinkSessionLifetime.Duration + TimeSpan.FromMinutes(1));
        var lifetimeUrl = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(lifetimeUrl, "link_session.expired");
        var marker = await supplier.CreateSessionAsync("marker");
        fixture.Clock.Advance(LinkSessionLifetime.Duration + TimeSpan.FromMinutes(1));
        await fixture.Receiver.WaitForAsync(lifetimeUrl);
        Assert.Single(fixture.Receiver.At(url), r => r.Json.GetProperty("data").GetProperty("link_token").GetString() == token);
        Assert.Single(fixture.Receiver.At(lifetimeUrl));
        Assert.Equal(marker, fixture.Receiver.At(lifetimeUrl)[0].Json.GetProperty("data").GetProperty("link_token").GetString());
    }

    [Fact]
    public async Task A_session_nobody_reads_again_is_one_lifetime_expired_event_within_60_seconds_of_its_expiry()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(url, "link_session.expired");
        var tokens = new[] { await supplier.CreateSessionAsync("a"), await supplier.CreateSessionAsync("b") };
        var expiresAt = fixture.Clock.GetUtcNow() + LinkSessionLifetime.Duration;

        fixture.Clock.Advance(LinkSessionLifetime.Duration + TimeSpan.FromSeconds(60));

        var events = await fixture.Receiver.WaitForAsync(url, count: 2);
        Assert.Equal(tokens.Order(), events.Select(e => e.Json.GetProperty("data").GetProperty("link_token").GetString()).Order());
        Assert.All(events, e =>
        {
            var data = e.Json.GetProperty("data");
            Assert.Equal("lifetime", data.GetProperty("reason").GetString());
            Assert.Equal("expired", data.GetProperty("status").GetString());
            Assert.Equal(expiresAt.ToUnixTimeSeconds(), data.GetProperty("expires_at").GetInt64());
            Assert.InRange(e.Json.GetProperty("created_at").GetInt64(), expiresAt.ToUnixTimeSeconds(), expiresAt.ToUnixTimeSeconds() + 60);
        });

        // Swept once: later sweeps and reads add nothing.
        foreach (var token in tokens)
        {
            Assert.Equal("expired", (await supplier.GetSessionAsync(token)).GetProperty("status").GetString());
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var log = await supplier.EventsAsync();
        Assert.Equal(2, log.GetProperty("data").GetArrayLength());
        Assert.Equal(2, fixture.Receiver.At(url).Count);
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_after_the_configured_delay_with_the_same_id_then_delivered()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        fixture.Receiver.Answer(url, 500);
        fixture.Receiver.Answer(url, 429);
        await supplier.CreateEndpointAsync(url, "link_session.completed");
        await supplier.CompleteAsync(await supplier.CreateSessionAsync());
        await fixture.Receiver.WaitForAsync(url);
        await AttemptedAsync(supplier, 1);

        fixture.Clock.Advance(WebhookApiFixture.FirstRetry - TimeSpan.FromSeconds(1));
        var early = await supplier.EventsAsync();
        Assert.Single(fixture.Receiver.At(url));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.Receiver.WaitForAsync(url, count: 2);
        await AttemptedAsync(supplier, 2);
        fixture.Clock.Advance(WebhookApiFixture.SecondRetry);
        var attempts = await fixture.Receiver.WaitForAsync(url, count: 3);

        Assert.Equal([500, 429, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.Single(attempts.Select(a => a.BodyText).Distinct());
        var delivery = (await EventuallyAsync(supplier, l => l.GetProperty("data")[0].GetProperty("deliveries")[0].GetProperty("status").GetString() == "delivered"))
            .GetProperty("data")[0].GetProperty("deliveries")[0];
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
        Assert.Equal("pending", early.GetProperty("data")[0].GetProperty("deliveries")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task After_the_last_retry_the_delivery_is_failed()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        fixture.Receiver.Answer(url, 502, times: 3);
        await supplier.CreateEndpointAsync(url, "link_session.completed");
        await supplier.CompleteAsync(await supplier.CreateSessionAsync());
        await fixture.Receiver.WaitForAsync(url);
        await AttemptedAsync(supplier, 1);
        fixture.Clock.Advance(WebhookApiFixture.FirstRetry);
        await fixture.Receiver.WaitForAsync(url, count: 2);
        await AttemptedAsync(supplier, 2);
        fixture.Clock.Advance(WebhookApiFixture.SecondRetry);
        await fixture.Receiver.WaitForAsync(url, count: 3);

        var delivery = (await EventuallyAsync(supplier, l => l.GetProperty("data")[0].GetProperty("deliveries")[0].GetProperty("status").GetString() == "failed"))
            .GetProperty("data")[0].GetProperty("deliveries")[0];

        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(502, delivery.GetProperty("last_status_code").GetInt32());
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await supplier.EventsAsync();
        Assert.Equal(3, fixture.Receiver.At(url).Count);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_delay_is_honoured()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        fixture.Receiver.Answer(url, 503, retryAfter: "120");
        await supplier.CreateEndpointAsync(url, "link_session.completed");
        await supplier.CompleteAsync(await supplier.CreateSessionAsync());
        await fixture.Receiver.WaitForAsync(url);
        await AttemptedAsync(supplier, 1);

        fixture.Clock.Advance(WebhookApiFixture.FirstRetry);
        await Task.WhenAll(supplier.EventsAsync(), supplier.EventsAsync());
        Assert.Single(fixture.Receiver.At(url));
        fixture.Clock.Advance(TimeSpan.FromSeconds(120) - WebhookApiFixture.FirstRetry);

        await fixture.Receiver.WaitForAsync(url, count: 2);
    }

    [Fact]
    public async Task A_4xx_other_than_408_and_429_fails_at_once_and_410_disables_the_endpoint()
    {
        var supplier = fixture.NextSupplier();
        var rejecting = fixture.Receiver.NewUrl();
        var gone = fixture.Receiver.NewUrl();
        fixture.Receiver.Answer(rejecting, 400);
        fixture.Receiver.Answer(gone, 410);
        await supplier.CreateEndpointAsync(rejecting, "link_session.completed");
        var goneId = (await supplier.CreateEndpointAsync(gone, "link_session.completed")).GetProperty("id").GetString();
        await supplier.CompleteAsync(await supplier.CreateSessionAsync());

        var log = await EventuallyAsync(supplier, l => l.GetProperty("data")[0].GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("status").GetString() == "failed"));

        Assert.All(log.GetProperty("data")[0].GetProperty("deliveries").EnumerateArray(), d => Assert.Equal(1, d.GetProperty("attempts").GetInt32()));
        var endpoints = await supplier.Http.GetFromJsonAsync<JsonElement>("/v2/supplier/webhook-endpoints");
        Assert.False(endpoints.GetProperty("data").EnumerateArray().Single(e => e.GetProperty("id").GetString() == goneId).GetProperty("enabled").GetBoolean());
        Assert.True(endpoints.GetProperty("data").EnumerateArray().Single(e => e.GetProperty("id").GetString() != goneId).GetProperty("enabled").GetBoolean());

        // A disabled endpoint receives nothing more.
        await supplier.CompleteAsync(await supplier.CreateSessionAsync("later"));
        await fixture.Receiver.WaitForAsync(rejecting, count: 2);
        Assert.Single(fixture.Receiver.At(gone));
    }

    [Fact]
    public async Task Redeliver_answers_202_and_sends_the_same_event_again_to_every_subscribed_endpoint()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(url, "link_session.completed");
        await supplier.CompleteAsync(await supplier.CreateSessionAsync());
        // Asked for at once, while the first attempt's outcome may still be on its way: it starts a round of its own.
        var first = (await fixture.Receiver.WaitForAsync(url)).Single();
        var laterUrl = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(laterUrl, "link_session.completed");
        var unsubscribed = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(unsubscribed, "user.deleted");

        var response = await supplier.Http.PostAsync($"/v2/supplier/events/{first.Id}/redeliver", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var again = (await fixture.Receiver.WaitForAsync(url, count: 2))[1];
        var later = (await fixture.Receiver.WaitForAsync(laterUrl)).Single();
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.BodyText, again.BodyText);
        Assert.Equal(first.BodyText, later.BodyText);
        Assert.Empty(fixture.Receiver.At(unsubscribed));
    }

    [Fact]
    public async Task Redeliver_of_an_unknown_or_another_suppliers_event_is_404()
    {
        var owner = fixture.NextSupplier();
        var other = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        await owner.CreateEndpointAsync(url, "link_session.completed");
        await other.CreateEndpointAsync(fixture.Receiver.NewUrl());
        await owner.CompleteAsync(await owner.CreateSessionAsync());
        var id = (await fixture.Receiver.WaitForAsync(url)).Single().Id;

        await HttpAssert.ErrorAsync(await other.Http.PostAsync($"/v2/supplier/events/{id}/redeliver", null), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await owner.Http.PostAsync("/v2/supplier/events/evt_AAAAAAAAAAAAAAAAAAAAAA/redeliver", null), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await owner.Http.PostAsync("/v2/supplier/events/nonsense/redeliver", null), HttpStatusCode.NotFound);
        Assert.Empty((await other.EventsAsync()).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Events_are_listed_newest_first_in_pages()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        await supplier.CreateEndpointAsync(url, "link_session.completed");
        for (var i = 0; i < 5; i++)
        {
            await supplier.CompleteAsync(await supplier.CreateSessionAsync($"user-{i}"));
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await fixture.Receiver.WaitForAsync(url, count: 5);
        var all = (await supplier.EventsAsync("?limit=100")).GetProperty("data").EnumerateArray().ToList();
        var first = await supplier.EventsAsync("?limit=2");
        var second = await supplier.EventsAsync($"?limit=2&starting_after={first.GetProperty("data")[1].GetProperty("id").GetString()}");
        var last = await supplier.EventsAsync($"?limit=2&starting_after={second.GetProperty("data")[1].GetProperty("id").GetString()}");

        Assert.Equal(["user-4", "user-3", "user-2", "user-1", "user-0"], all.Select(e => e.GetProperty("data").GetProperty("supplier_user_id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.True(second.GetProperty("has_more").GetBoolean());
        Assert.False(last.GetProperty("has_more").GetBoolean());
        Assert.Equal(
            all.Select(e => e.GetProperty("id").GetString()),
            new[] { first, second, last }.SelectMany(p => p.GetProperty("data").EnumerateArray()).Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(5, (await supplier.EventsAsync()).GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?starting_after=evt_AAAAAAAAAAAAAAAAAAAAAA", "starting_after")]
    [InlineData("?starting_after=x", "starting_after")]
    public async Task A_bad_page_request_is_400(string query, string field)
    {
        var supplier = fixture.NextSupplier();

        var body = await HttpAssert.ErrorAsync(await supplier.Http.GetAsync($"/v2/supplier/events{query}"), HttpStatusCode.BadRequest);

        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_supplier_without_endpoints_has_an_empty_log()
    {
        var supplier = fixture.NextSupplier();
        await supplier.CompleteAsync(await supplier.CreateSessionAsync());

        var log = await supplier.EventsAsync();

        Assert.Empty(log.GetProperty("data").EnumerateArray());
        Assert.False(log.GetProperty("has_more").GetBoolean());
    }

    /// <summary>Reads the supplier's log until <paramref name="done"/> holds for a non-empty log.</summary>
    /// <summary>
    /// Waits until the newest event's first delivery counts <paramref name="attempts"/> attempts: the outcome of the
    /// last one is stored, so its retry is scheduled from the clock as it was then (not from a later move of it).
    /// </summary>
    private static Task<JsonElement> AttemptedAsync(SupplierClient supplier, int attempts) =>
        EventuallyAsync(supplier, l => l.GetProperty("data")[0].GetProperty("deliveries")[0].GetProperty("attempts").GetInt32() >= attempts);

    private static async Task<JsonElement> EventuallyAsync(SupplierClient supplier, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            var log = await supplier.EventsAsync();
            if (log.GetProperty("data").GetArrayLength() > 0 && done(log))
            {
                return log;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The event log did not get there: {log}");
            await Task.Delay(50);
        }
    }
}
