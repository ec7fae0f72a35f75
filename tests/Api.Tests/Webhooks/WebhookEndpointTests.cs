using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Testing.Webhooks;

namespace Nox.Api.Tests.Webhooks;

/// <summary>The endpoint calls: create, list, update, delete, rotate, test; every status each answers.</summary>
public abstract class WebhookEndpointTests(WebhookApiFixture fixture)
{
    [Collection(SplitWebhookApiCollection.Name)]
    public sealed class Split(SplitWebhookApiFixture fixture) : WebhookEndpointTests(fixture);

    [Collection(CoHostedWebhookApiCollection.Name)]
    public sealed class CoHosted(CoHostedWebhookApiFixture fixture) : WebhookEndpointTests(fixture);

    private const string Path = "/v2/supplier/webhook-endpoints";

    [Fact]
    public async Task Create_answers_201_with_the_endpoint_and_its_secret_subscribed_to_every_event_by_default()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();

        var response = await supplier.Http.PostAsJsonAsync(Path, new { url });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("we_", id, StringComparison.Ordinal);
        Assert.Equal($"{Path}/{id}", response.Headers.Location?.ToString());
        Assert.Equal(url, body.GetProperty("url").GetString());
        Assert.Equal(
            ["link_session.opened", "link_session.completed", "link_session.expired", "user.deleted", "webhook.test"],
            body.GetProperty("events").EnumerateArray().Select(e => e.GetString()!));
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), body.GetProperty("created_at").GetInt64());
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task List_shows_the_endpoints_without_their_secrets()
    {
        var supplier = fixture.NextSupplier();
        var first = await supplier.CreateEndpointAsync(fixture.Receiver.NewUrl(), "link_session.completed");
        var second = await supplier.CreateEndpointAsync(fixture.Receiver.NewUrl());

        var response = await supplier.Http.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(first.GetProperty("secret").GetString()!, text, StringComparison.Ordinal);
        var data = JsonDocument.Parse(text).RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([first.GetProperty("id").GetString(), second.GetProperty("id").GetString()], data.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["link_session.completed"], data[0].GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_supplier_sees_only_its_own_endpoints()
    {
        var owner = fixture.NextSupplier();
        var other = fixture.NextSupplier();
        var endpoint = await owner.CreateEndpointAsync(fixture.Receiver.NewUrl());
        var id = endpoint.GetProperty("id").GetString();

        Assert.Empty((await other.Http.GetFromJsonAsync<JsonElement>(Path)).GetProperty("data").EnumerateArray());
        await HttpAssert.ErrorAsync(await other.Http.PatchAsJsonAsync($"{Path}/{id}", new { enabled = false }), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await other.Http.DeleteAsync($"{Path}/{id}"), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await other.Http.PostAsync($"{Path}/{id}/rotate-secret", null), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await other.Http.PostAsync($"{Path}/{id}/test", null), HttpStatusCode.NotFound);
        Assert.Single((await owner.Http.GetFromJsonAsync<JsonElement>(Path)).GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("{}", "url")]
    [InlineData("{\"url\": 5}", "url")]
    [InlineData("{\"url\": \"ftp://example.com/hook\"}", "url")]
    [InlineData("{\"url\": \"http://example.com/hook\"}", "url")]
    [InlineData("{\"url\": \"https://example.com/hook#part\"}", "url")]
    [InlineData("{\"url\": \"https://example.com/hook\", \"events\": []}", "events")]
    [InlineData("{\"url\": \"https://example.com/hook\", \"events\": [\"link_session.finished\"]}", "events")]
    [InlineData("{\"url\": \"https://example.com/hook\", \"events\": \"user.deleted\"}", "events")]
    [InlineData("[]", null)]
    public async Task Create_with_a_broken_rule_is_400_naming_the_member(string json, string? field)
    {
        var supplier = fixture.NextSupplier();

        var body = await HttpAssert.ErrorAsync(await supplier.Http.PostAsync(Path, HttpAssert.Json(json)), HttpStatusCode.BadRequest);

        Assert.Equal(field, body.TryGetProperty("field", out var named) ? named.GetString() : null);
        Assert.Empty((await supplier.Http.GetFromJsonAsync<JsonElement>(Path)).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Create_of_a_sixth_endpoint_is_409()
    {
        var supplier = fixture.NextSupplier();
        for (var i = 0; i < 5; i++)
        {
            await supplier.CreateEndpointAsync(fixture.Receiver.NewUrl());
        }

        await HttpAssert.ErrorAsync(await supplier.Http.PostAsJsonAsync(Path, new { url = fixture.Receiver.NewUrl() }), HttpStatusCode.Conflict, "at most 5");
    }

    [Fact]
    public async Task Create_without_a_key_is_401()
    {
        using var anonymous = fixture.Host.CreateClient();

        await HttpAssert.ErrorAsync(await anonymous.PostAsJsonAsync(Path, new { url = fixture.Receiver.NewUrl() }), HttpStatusCode.Unauthorized);
        await HttpAssert.ErrorAsync(await anonymous.GetAsync("/v2/supplier/events"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Patch_changes_only_the_members_given()
    {
        var supplier = fixture.NextSupplier();
        var endpoint = await supplier.CreateEndpointAsync(fixture.Receiver.NewUrl());
        var id = endpoint.GetProperty("id").GetString();
        var url = fixture.Receiver.NewUrl();

        var response = await supplier.Http.PatchAsJsonAsync($"{Path}/{id}", new { url, events = new[] { "user.deleted", "link_session.completed", "user.deleted" }, enabled = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(url, body.GetProperty("url").GetString());
        Assert.Equal(["link_session.completed", "user.deleted"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.GetProperty("enabled").GetBoolean());
        Assert.False(body.TryGetProperty("secret", out _));

        var enabled = await (await supplier.Http.PatchAsJsonAsync($"{Path}/{id}", new { enabled = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(url, enabled.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("{\"enabled\": \"yes\"}", "enabled")]
    [InlineData("{\"url\": \"http://example.com/hook\"}", "url")]
    [InlineData("{\"events\": []}", "events")]
    [InlineData("{\"url\": null}", "url")]
    public async Task Patch_with_a_broken_rule_is_400(string json, string field)
    {
        var supplier = fixture.NextSupplier();
        var id = (await supplier.CreateEndpointAsync(fixture.Receiver.NewUrl())).GetProperty("id").GetString();

        var body = await HttpAssert.ErrorAsync(await supplier.Http.PatchAsync($"{Path}/{id}", HttpAssert.Json(json)), HttpStatusCode.BadRequest);

        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Patch_and_delete_of_an_unknown_endpoint_are_404()
    {
        var supplier = fixture.NextSupplier();

        await HttpAssert.ErrorAsync(await supplier.Http.PatchAsJsonAsync($"{Path}/we_AAAAAAAAAAAAAAAAAAAAAA", new { enabled = false }), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await supplier.Http.DeleteAsync($"{Path}/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_answers_204_and_the_endpoint_is_gone()
    {
        var supplier = fixture.NextSupplier();
        var id = (await supplier.CreateEndpointAsync(fixture.Receiver.NewUrl())).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await supplier.Http.DeleteAsync($"{Path}/{id}")).StatusCode);

        Assert.Empty((await supplier.Http.GetFromJsonAsync<JsonElement>(Path)).GetProperty("data").EnumerateArray());
        await HttpAssert.ErrorAsync(await supplier.Http.DeleteAsync($"{Path}/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Test_sends_a_signed_webhook_test_event_and_answers_what_the_endpoint_said()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        var endpoint = await supplier.CreateEndpointAsync(url);
        var secret = endpoint.GetProperty("secret").GetString()!;

        var response = await supplier.Http.PostAsync($"{Path}/{endpoint.GetProperty("id").GetString()}/test", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("delivered").GetBoolean());
        Assert.Equal(200, body.GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        var received = Assert.Single(fixture.Receiver.At(url));
        Assert.Equal("POST", received.Method);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("webhook.test", received.Type);
        Assert.Equal(received.Json.GetProperty("id").GetString(), received.Headers["X-Webhook-Id"]);
        Assert.Equal(received.Headers["X-Webhook-Id"], received.Headers["webhook-id"]);
        Assert.True(WebhookSignatures.NoxVerifies(secret, received));
        WebhookSignatures.StandardVerify(secret, received);
    }

    [Fact]
    public async Task Test_of_an_endpoint_that_fails_answers_delivered_false_with_its_status()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        fixture.Receiver.Answer(url, 503);
        var id = (await supplier.CreateEndpointAsync(url)).GetProperty("id").GetString();

        var body = await (await supplier.Http.PostAsync($"{Path}/{id}/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(body.GetProperty("delivered").GetBoolean());
        Assert.Equal(503, body.GetProperty("status_code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Rotate_answers_a_new_secret_and_both_secrets_sign_for_the_next_24_hours()
    {
        var supplier = fixture.NextSupplier();
        var url = fixture.Receiver.NewUrl();
        var endpoint = await supplier.CreateEndpointAsync(url);
        var id = endpoint.GetProperty("id").GetString();
        var old = endpoint.GetProperty("secret").GetString()!;

        var response = await supplier.Http.PostAsync($"{Path}/{id}/rotate-secret", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", rotated, StringComparison.Ordinal);
        Assert.NotEqual(old, rotated);

        await supplier.Http.PostAsync($"{Path}/{id}/test", null);
        var during = fixture.Receiver.At(url).Last();
        Assert.Equal(2, WebhookSignatures.NoxSignatures(during).Count);
        Assert.Equal(2, during.Headers["webhook-signature"].Split(' ').Length);
        Assert.True(WebhookSignatures.NoxVerifies(rotated, during));
        Assert.True(WebhookSignatures.NoxVerifies(old, during));
        WebhookSignatures.StandardVerify(rotated, during);
        WebhookSignatures.StandardVerify(old, during);
    }

    [Fact]
    public async Task Rotate_and_test_of_an_unknown_endpoint_are_404()
    {
        var supplier = fixture.NextSupplier();

        await HttpAssert.ErrorAsync(await supplier.Http.PostAsync($"{Path}/we_AAAAAAAAAAAAAAAAAAAAAA/rotate-secret", null), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await supplier.Http.PostAsync($"{Path}/we_AAAAAAAAAAAAAAAAAAAAAA/test", null), HttpStatusCode.NotFound);
    }
}
