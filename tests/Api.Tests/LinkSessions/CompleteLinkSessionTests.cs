using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nox.LinkSessions;

namespace Nox.Api.Tests.LinkSessions;

public abstract class CompleteLinkSessionTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : CompleteLinkSessionTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : CompleteLinkSessionTests(fixture);

    private static string PathOf(string token) => $"/v2/link-sessions/{token}/complete";

    private static string NewUserId() => $"user-{Guid.NewGuid():N}";

    private async Task<string> CreateAsync(string? userId = null, string redirectUrl = ApiFixture.AcmeRedirect, string apiKey = ApiFixture.AcmeKey) =>
        (await fixture.CreateSessionAsync(new { user_id = userId ?? NewUserId(), redirect_url = redirectUrl }, apiKey)).GetProperty("link_token").GetString()!;

    /// <summary>As the page's script sends it: no API key, JSON, from the page's own origin.</summary>
    private async Task<HttpResponseMessage> CompleteAsync(string token, string json = """{"brand":"daikin"}""", string contentType = "application/json", string? origin = "http://localhost", string? fetchSite = null)
    {
        using var client = fixture.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, PathOf(token)) { Content = HttpAssert.Json(json, contentType) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> RedirectToAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["redirect_to"], body.EnumerateObject().Select(p => p.Name));
        return body.GetProperty("redirect_to").GetString()!;
    }

    private async Task<string> StatusOfAsync(string token)
    {
        using var supplier = fixture.CreateClient();
        return (await supplier.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}")).GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task Complete_answers_200_with_redirect_to_the_stored_url_plus_data()
    {
        var userId = NewUserId();
        var token = await CreateAsync(userId);

        var redirectTo = await RedirectToAsync(await CompleteAsync(token, """{"brand":"saunier duval"}"""));

        Assert.StartsWith(ApiFixture.AcmeRedirect + "?data=", redirectTo, StringComparison.Ordinal);
        var data = RedirectData.Decode(redirectTo);
        Assert.Equal(["nox_user_id", "supplier_user_id", "brand", "device_ids", "connected_at"], data.EnumerateObject().Select(p => p.Name));
        Assert.True(Guid.TryParse(data.GetProperty("nox_user_id").GetString(), out _));
        Assert.Equal(userId, data.GetProperty("supplier_user_id").GetString());
        Assert.Equal("saunier duval", data.GetProperty("brand").GetString());
        var device = Assert.Single(data.GetProperty("device_ids").EnumerateArray());
        Assert.Matches("^sandbox-saunier-duval-[0-9a-f]{8}$", device.GetString());
        Assert.Equal(JsonValueKind.Number, data.GetProperty("connected_at").ValueKind);
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), data.GetProperty("connected_at").GetInt64());
    }

    [Fact]
    public async Task The_data_is_compact_json_in_unpadded_base64url()
    {
        var token = await CreateAsync("user-compact");

        var data = RedirectData.DataOf(await RedirectToAsync(await CompleteAsync(token, """{"brand":"lg"}""")));

        Assert.DoesNotContain('=', data);
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(data));
        Assert.Matches("""^\{"nox_user_id":"[0-9a-f-]{36}","supplier_user_id":"user-compact","brand":"lg","device_ids":\["sandbox-lg-[0-9a-f]{8}"\],"connected_at":\d+\}$""", json);
    }

    [Fact]
    public async Task Redirect_to_appends_data_with_an_ampersand_when_the_url_already_has_a_query()
    {
        var token = await CreateAsync(redirectUrl: "https://acme.example/return?source=nox");

        var redirectTo = await RedirectToAsync(await CompleteAsync(token));

        Assert.StartsWith("https://acme.example/return?source=nox&data=", redirectTo, StringComparison.Ordinal);
        Assert.Equal("daikin", RedirectData.Decode(redirectTo).GetProperty("brand").GetString());
    }

    [Fact]
    public async Task Completion_marks_the_session_completed_for_the_supplier_at_connected_at()
    {
        var token = await CreateAsync();

        var data = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(token, """{"brand":"vaillant"}""")));

        using var supplier = fixture.CreateClient();
        var session = await supplier.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}");
        Assert.Equal("completed", session.GetProperty("status").GetString());
        Assert.Equal(data.GetProperty("connected_at").GetInt64(), session.GetProperty("completed_at").GetInt64());
    }

    [Fact]
    public async Task Two_different_users_get_different_nox_user_ids()
    {
        var alice = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(await CreateAsync("alice-" + Guid.NewGuid()))));
        var bob = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(await CreateAsync("bob-" + Guid.NewGuid()))));

        Assert.NotEqual(alice.GetProperty("nox_user_id").GetString(), bob.GetProperty("nox_user_id").GetString());
        Assert.NotEqual(alice.GetProperty("device_ids")[0].GetString(), bob.GetProperty("device_ids")[0].GetString());
    }

    [Fact]
    public async Task Relinking_the_same_user_keeps_the_nox_user_id()
    {
        var userId = NewUserId();
        var first = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(await CreateAsync(userId), """{"brand":"nibe"}""")));
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));

        var again = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(await CreateAsync(userId), """{"brand":"nibe"}""")));
        var otherBrand = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(await CreateAsync(userId), """{"brand":"thermia"}""")));

        Assert.Equal(first.GetProperty("nox_user_id").GetString(), again.GetProperty("nox_user_id").GetString());
        Assert.Equal(first.GetProperty("nox_user_id").GetString(), otherBrand.GetProperty("nox_user_id").GetString());
        Assert.Equal(first.GetProperty("device_ids").GetRawText(), again.GetProperty("device_ids").GetRawText());
        Assert.Equal(first.GetProperty("connected_at").GetInt64() + 30, again.GetProperty("connected_at").GetInt64());
        Assert.StartsWith("sandbox-thermia-", otherBrand.GetProperty("device_ids")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_user_id_at_another_supplier_is_another_nox_user()
    {
        var userId = NewUserId();
        var atAcme = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(await CreateAsync(userId))));
        var atGlobex = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(
            await CreateAsync(userId, "https://globex.example/done", ApiFixture.GlobexKey))));

        Assert.NotEqual(atAcme.GetProperty("nox_user_id").GetString(), atGlobex.GetProperty("nox_user_id").GetString());
    }

    [Theory]
    [InlineData("""{"brand":"Daikin"}""")]
    [InlineData("""{"brand":"daikin "}""")]
    [InlineData("""{"brand":"tesla"}""")]
    [InlineData("""{"brand":""}""")]
    [InlineData("""{"brand":7}""")]
    [InlineData("""{"brand":["daikin"]}""")]
    [InlineData("""{"brand":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"brand":"\ud800"}""")]
    [InlineData("""{"brand":"daikin\udfff"}""")]
    public async Task A_missing_or_unknown_brand_is_400_and_leaves_the_session_pending(string json)
    {
        var token = await CreateAsync();

        var body = await HttpAssert.ErrorAsync(await CompleteAsync(token, json), HttpStatusCode.BadRequest, "brand");

        Assert.Equal("brand", body.GetProperty("field").GetString());
        Assert.Equal("pending", await StatusOfAsync(token));
    }

    [Theory]
    [InlineData("%ED%A0%80")]
    [InlineData("%FF%FE")]
    public async Task A_token_that_is_not_utf8_is_404(string token)
    {
        await HttpAssert.ErrorAsync(await CompleteAsync(token), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""["daikin"]""")]
    [InlineData("\"daikin\"")]
    [InlineData("""{"brand":"daikin""")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_json_object_is_400(string json)
    {
        await HttpAssert.ErrorAsync(await CompleteAsync(await CreateAsync(), json), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_that_is_not_json_is_415(string contentType)
    {
        var token = await CreateAsync();

        await HttpAssert.ErrorAsync(await CompleteAsync(token, """{"brand":"daikin"}""", contentType), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("pending", await StatusOfAsync(token));
    }

    [Fact]
    public async Task A_body_over_16_KiB_is_413()
    {
        var json = $$"""{"brand":"daikin","padding":"{{new string('x', 16 * 1024)}}"}""";

        await HttpAssert.ErrorAsync(await CompleteAsync(await CreateAsync(), json), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_unknown_token_is_404()
    {
        await HttpAssert.ErrorAsync(await CompleteAsync(LinkToken.Mint()), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("kPmiKpXvwSMTm6GRmcNGLvRhFUNO5rBlx")]
    [InlineData("kPmiKpXvwSMTm6GRmcNGLvRhFUNO5r+l")]
    [InlineData("kPmiKpXvwSMTm6GRmcNGLvRhFUNO5r%3D")]
    public async Task A_malformed_token_is_404(string token)
    {
        await HttpAssert.ErrorAsync(await CompleteAsync(token), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Completing_again_with_the_same_brand_answers_the_same_redirect_byte_for_byte()
    {
        var token = await CreateAsync();
        var first = await CompleteAsync(token, """{"brand":"bulex"}""");
        var firstBody = await first.Content.ReadAsStringAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(20));

        // The first answer was lost (a dropped connection, a reload): the page submits again.
        var second = await CompleteAsync(token, """{"brand":"bulex"}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(await RedirectToAsync(first), await RedirectToAsync(second));
    }

    [Fact]
    public async Task Concurrent_submissions_with_the_same_brand_all_get_the_one_redirect()
    {
        var token = await CreateAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CompleteAsync(token, """{"brand":"nibe"}""")));

        var redirects = await Task.WhenAll(responses.Select(RedirectToAsync));
        Assert.Single(redirects.Distinct(StringComparer.Ordinal));
        using var supplier = fixture.CreateClient();
        var session = await supplier.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}");
        Assert.Equal(RedirectData.Decode(redirects[0]).GetProperty("connected_at").GetInt64(), session.GetProperty("completed_at").GetInt64());
    }

    [Fact]
    public async Task Completing_again_with_another_brand_is_409_and_keeps_the_first_completion()
    {
        var token = await CreateAsync();
        var first = RedirectData.Decode(await RedirectToAsync(await CompleteAsync(token, """{"brand":"bulex"}""")));

        await HttpAssert.ErrorAsync(await CompleteAsync(token, """{"brand":"viessmann"}"""), HttpStatusCode.Conflict, "completed");

        using var supplier = fixture.CreateClient();
        var session = await supplier.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}");
        Assert.Equal(first.GetProperty("connected_at").GetInt64(), session.GetProperty("completed_at").GetInt64());
    }

    [Fact]
    public async Task Completing_at_600_seconds_is_410()
    {
        var token = await CreateAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(600));

        await HttpAssert.ErrorAsync(await CompleteAsync(token), HttpStatusCode.Gone, "expired");
        Assert.Equal("expired", await StatusOfAsync(token));
    }

    [Fact]
    public async Task Completing_a_session_the_supplier_expired_is_410()
    {
        var token = await CreateAsync();
        using var supplier = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await supplier.PostAsync($"/v2/supplier/link-sessions/{token}/expire", null)).StatusCode);

        await HttpAssert.ErrorAsync(await CompleteAsync(token), HttpStatusCode.Gone);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("https://auth.nox.test.evil.example")]
    [InlineData("null")]
    public async Task A_request_from_another_origin_is_403_and_completes_nothing(string origin)
    {
        var token = await CreateAsync();

        await HttpAssert.ErrorAsync(await CompleteAsync(token, origin: origin), HttpStatusCode.Forbidden);
        Assert.Equal("pending", await StatusOfAsync(token));
    }

    [Fact]
    public async Task A_cross_site_fetch_is_403_even_without_an_origin()
    {
        var token = await CreateAsync();

        await HttpAssert.ErrorAsync(await CompleteAsync(token, origin: null, fetchSite: "cross-site"), HttpStatusCode.Forbidden);
        Assert.Equal("pending", await StatusOfAsync(token));
    }

    [Theory]
    [InlineData("http://localhost", "same-origin")]
    [InlineData(ApiFixture.PublicBaseUrl, "same-origin")]
    [InlineData(null, null)]
    public async Task The_pages_own_origin_the_public_origin_and_non_browser_clients_may_complete(string? origin, string? fetchSite)
    {
        await RedirectToAsync(await CompleteAsync(await CreateAsync(), origin: origin, fetchSite: fetchSite));
    }

    [Fact]
    public async Task Responses_carry_the_security_headers_errors_included()
    {
        var ok = await CompleteAsync(await CreateAsync());
        var notFound = await CompleteAsync(LinkToken.Mint());

        foreach (var response in new[] { ok, notFound })
        {
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_endpoint_needs_no_api_key_and_ignores_one()
    {
        var token = await CreateAsync();
        using var client = fixture.CreateClient(ApiFixture.GlobexKey);

        var response = await client.PostAsync(PathOf(token), HttpAssert.Json("""{"brand":"toshiba"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_on_the_complete_endpoint_is_a_json_405()
    {
        using var client = fixture.CreateClient(apiKey: null);

        await HttpAssert.ErrorAsync(await client.GetAsync(PathOf(LinkToken.Mint())), HttpStatusCode.MethodNotAllowed);
    }
}
