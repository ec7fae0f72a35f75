using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Nox.Api.Tests.LinkSessions;
using Nox.Api.Tests.Ui;
using Nox.Api.Ui.Texts;
using Nox.LinkSessions;
using Nox.Testing.FakeVendor;

namespace Nox.Api.Tests.BrandConnect;

/// <summary>
/// A brand configured with an OAuth 2.0 connector, through <c>/ui/connect</c>, the fake vendor's consent page and
/// <c>/ui/callback</c>, as a browser goes (no redirects followed, so every hop is asserted), in both topologies.
/// </summary>
public abstract class BrandConnectTests(OAuthApiFixture fixture)
{
    [Collection(SplitOAuthApiCollection.Name)]
    public sealed class Split(SplitOAuthApiFixture fixture) : BrandConnectTests(fixture);

    [Collection(CoHostedOAuthApiCollection.Name)]
    public sealed class CoHosted(CoHostedOAuthApiFixture fixture) : BrandConnectTests(fixture);

    private static string NewUserId() => $"oauth-{Guid.NewGuid():N}";

    [Fact]
    public async Task Connect_sends_the_user_to_the_consent_page_with_pkce_s256_and_a_fresh_state()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());
        var exchanges = fixture.Vendor.TokenRequests;

        var first = await fixture.StartAsync(token);
        var second = await fixture.StartAsync(token);

        Assert.StartsWith(fixture.Vendor.AuthorizationEndpoint + "?", first.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(first.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(FakeOAuthVendor.ClientId, query["client_id"]);
        Assert.Equal(ApiFixture.PublicBaseUrl + "/ui/callback", query["redirect_uri"]);
        Assert.Equal(FakeOAuthVendor.Scopes, query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"].ToString());
        var state = query["state"].ToString();
        Assert.Matches("^[A-Za-z0-9_-]{64,}$", state);
        Assert.DoesNotContain(token, state, StringComparison.Ordinal);
        var again = QueryHelpers.ParseQuery(second.Query);
        Assert.NotEqual(state, again["state"].ToString());
        Assert.NotEqual(query["code_challenge"].ToString(), again["code_challenge"].ToString());
        Assert.Equal(exchanges, fixture.Vendor.TokenRequests);
    }

    [Fact]
    public async Task The_callback_completes_the_session_with_the_vendors_devices_and_sends_the_user_to_redirect_to()
    {
        var userId = NewUserId();
        var token = await fixture.CreateSessionAsync(userId);

        var callback = await fixture.ConsentAsync(token);
        var (response, _) = await fixture.BrowseAsync(callback.ToString());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var redirectTo = response.Headers.Location!.ToString();
        Assert.StartsWith(ApiFixture.AcmeRedirect + "?data=", redirectTo, StringComparison.Ordinal);
        var data = RedirectData.Decode(redirectTo);
        Assert.Equal(["nox_user_id", "supplier_user_id", "brand", "device_ids", "connected_at"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(userId, data.GetProperty("supplier_user_id").GetString());
        Assert.Equal(OAuthApiFixture.Brand, data.GetProperty("brand").GetString());
        Assert.Equal(FakeOAuthVendor.DeviceIds, data.GetProperty("device_ids").EnumerateArray().Select(d => d.GetString()!));
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), data.GetProperty("connected_at").GetInt64());
        Assert.Equal("completed", await fixture.StatusOfAsync(token));
        foreach (var secret in fixture.Vendor.IssuedSecrets)
        {
            Assert.DoesNotContain(secret, redirectTo, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_users_api_shows_the_vendors_devices_and_never_a_token()
    {
        var userId = NewUserId();
        var token = await fixture.CreateSessionAsync(userId);
        await fixture.BrowseAsync((await fixture.ConsentAsync(token)).ToString());

        using var supplier = fixture.CreateClient();
        var body = await supplier.GetStringAsync($"/v2/supplier/users/{Uri.EscapeDataString(userId)}");

        var user = JsonDocument.Parse(body).RootElement;
        var brand = Assert.Single(user.GetProperty("brands").EnumerateArray());
        Assert.Equal(OAuthApiFixture.Brand, brand.GetProperty("brand").GetString());
        Assert.Equal(FakeOAuthVendor.DeviceIds, brand.GetProperty("device_ids").EnumerateArray().Select(d => d.GetString()!));
        Assert.All(fixture.Vendor.IssuedSecrets, secret => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        Assert.DoesNotContain("fv-", body.Replace("fv-heatpump-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_used_once_is_the_400_page_the_second_time_and_the_completion_stands()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());
        var callback = await fixture.ConsentAsync(token);
        Assert.Equal(HttpStatusCode.Redirect, (await fixture.BrowseAsync(callback.ToString())).Response.StatusCode);
        var exchanges = fixture.Vendor.TokenRequests;

        var (response, html) = await fixture.BrowseAsync(callback.ToString());

        UiPage.AssertPage(response, html, HttpStatusCode.BadRequest, "en", "This link cannot be used");
        Assert.Equal(exchanges, fixture.Vendor.TokenRequests);
        Assert.Equal("completed", await fixture.StatusOfAsync(token));
    }

    [Theory]
    [InlineData("/ui/callback?code=abc")]
    [InlineData("/ui/callback?code=abc&state=")]
    [InlineData("/ui/callback?code=abc&state=not-a-state")]
    [InlineData("/ui/callback?code=abc&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/ui/callback?error=access_denied")]
    public async Task A_missing_or_forged_state_is_the_400_page(string path)
    {
        var (response, html) = await fixture.BrowseAsync(path);

        UiPage.AssertPage(response, html, HttpStatusCode.BadRequest, "nl", "Deze link kan niet worden gebruikt");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_state_whose_last_character_is_changed_is_the_400_page()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());
        var callback = await fixture.ConsentAsync(token);
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var altered = state[..^1] + (state[^1] == 'A' ? 'B' : 'A');

        var (response, _) = await fixture.BrowseAsync($"/ui/callback?code={Uri.EscapeDataString(query["code"]!)}&state={altered}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pending", await fixture.StatusOfAsync(token));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task Access_denied_shows_the_brand_page_again_in_the_sessions_language_and_the_session_stays_pending(string language)
    {
        var token = await fixture.CreateSessionAsync(NewUserId(), language, brand: null);

        var callback = await fixture.ConsentAsync(token, allow: false);
        Assert.Equal("access_denied", QueryHelpers.ParseQuery(callback.Query)["error"]);
        var (response, html) = await fixture.BrowseAsync(callback.ToString());

        Languages.TryParse(language, out var parsed);
        UiPage.AssertPage(response, html, HttpStatusCode.OK, language, UiText.For(parsed).Heading);
        var notice = Regex.Match(html, "<p class=\"message\" id=\"form-message\" role=\"alert\">(.*?)</p>").Groups[1].Value;
        Assert.Equal(UiText.For(parsed).Denied(Brand.Daikin), WebUtility.HtmlDecode(notice));
        Assert.Contains(UiPage.Brands(html), b => b is { Value: "daikin", Checked: true });
        Assert.Equal("pending", await fixture.StatusOfAsync(token));
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.BrowseAsync(callback.ToString())).Response.StatusCode);

        // Connecting again after a denial works.
        var (again, _) = await fixture.BrowseAsync((await fixture.ConsentAsync(token)).ToString());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("completed", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task Any_vendor_error_is_treated_as_a_denial()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());
        var callback = await fixture.ConsentAsync(token);
        var state = QueryHelpers.ParseQuery(callback.Query)["state"];

        var (response, html) = await fixture.BrowseAsync($"/ui/callback?error=server_error&error_description=boom&state={state}");

        UiPage.AssertPage(response, html, HttpStatusCode.OK, "en", "Connect your heat pump");
        Assert.Contains("was not granted", html, StringComparison.Ordinal);
        Assert.Equal("pending", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task A_failing_vendor_shows_the_error_page_that_offers_to_try_again_and_the_session_stays_pending()
    {
        var token = await fixture.CreateSessionAsync(NewUserId(), "nl");
        var callback = await fixture.ConsentAsync(token);

        HttpResponseMessage response;
        string html;
        using (fixture.Vendor.FailTokenRequests(HttpStatusCode.InternalServerError))
        {
            (response, html) = await fixture.BrowseAsync(callback.ToString());
        }

        UiPage.AssertPage(response, html, HttpStatusCode.BadGateway, "nl", "Je warmtepomp kon niet worden gekoppeld");
        var retry = WebUtility.HtmlDecode(Regex.Match(html, "<a class=\"button\" href=\"([^\"]+)\">Opnieuw proberen</a>").Groups[1].Value);
        Assert.Equal($"/ui/connect?token={token}&language=nl&brand=daikin", retry);
        Assert.DoesNotContain("echoing", html, StringComparison.Ordinal);
        Assert.Equal("pending", await fixture.StatusOfAsync(token));

        // The offered retry is a new attempt, and it connects.
        var (redirect, _) = await fixture.BrowseAsync(retry);
        var (done, _) = await fixture.BrowseAsync((await fixture.Vendor.DecideAsync(redirect.Headers.Location!, allow: true)).ToString());
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("completed", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task A_vendor_that_takes_over_10_seconds_shows_the_error_page_and_the_session_stays_pending()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());
        var callback = await fixture.ConsentAsync(token);

        HttpResponseMessage response;
        string html;
        using (fixture.Vendor.HoldTokenRequests())
        {
            var answer = fixture.BrowseAsync(callback.ToString());
            await WaitUntilAsync(() => fixture.Vendor.HeldRequests == 1);
            fixture.Clock.Advance(TimeSpan.FromSeconds(10));
            (response, html) = await answer;
        }

        UiPage.AssertPage(response, html, HttpStatusCode.BadGateway, "en", "Your heat pump could not be connected");
        Assert.Contains("Try again", html, StringComparison.Ordinal);
        Assert.Equal("pending", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task A_session_that_expires_during_consent_gets_the_410_page_and_nothing_is_exchanged()
    {
        var token = await fixture.CreateSessionAsync(NewUserId(), "es");
        var callback = await fixture.ConsentAsync(token);
        var exchanges = fixture.Vendor.TokenRequests;
        fixture.Clock.Advance(LinkSessionLifetime.Duration);

        var (response, html) = await fixture.BrowseAsync(callback.ToString());

        UiPage.AssertPage(response, html, HttpStatusCode.Gone, "es", "Este enlace ha caducado");
        Assert.Equal(exchanges, fixture.Vendor.TokenRequests);
        Assert.Equal("expired", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task The_complete_endpoint_answers_409_for_an_oauth_brand_and_still_completes_a_sandbox_brand()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());
        using var page = fixture.CreateClient(apiKey: null);

        var oauth = await page.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = OAuthApiFixture.Brand });
        await HttpAssert.ErrorAsync(oauth, HttpStatusCode.Conflict, "/ui/connect");
        Assert.Equal("pending", await fixture.StatusOfAsync(token));

        var sandbox = await page.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand = "nibe" });
        Assert.Equal(HttpStatusCode.OK, sandbox.StatusCode);
        Assert.Equal("completed", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task The_page_sends_oauth_brands_through_connect_and_the_others_to_the_complete_endpoint()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());

        var (_, html) = await fixture.BrowseAsync($"/ui?token={token}");

        Assert.Equal($"/ui/connect?token={token}&language=en", UiPage.Attribute(html, "data-connect-url"));
        Assert.Equal($"/v2/link-sessions/{token}/complete", UiPage.Attribute(html, "data-complete-url"));
        var consent = Regex.Matches(html, """value="([^"]+)"[^>]*data-consent="true" """.TrimEnd()).Select(m => m.Groups[1].Value);
        Assert.Equal([OAuthApiFixture.Brand], consent);
    }

    [Fact]
    public async Task Connect_for_an_unknown_completed_or_expired_session_shows_its_page()
    {
        var (unknown, _) = await fixture.BrowseAsync($"/ui/connect?token={LinkToken.Mint()}&brand=daikin");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var completed = await fixture.CreateSessionAsync(NewUserId());
        await fixture.BrowseAsync((await fixture.ConsentAsync(completed)).ToString());
        var (completedPage, completedHtml) = await fixture.BrowseAsync($"/ui/connect?token={completed}&brand=daikin");
        UiPage.AssertPage(completedPage, completedHtml, HttpStatusCode.Conflict, "en", "This link has already been used");

        var expired = await fixture.CreateSessionAsync(NewUserId(), "fr");
        using (var supplier = fixture.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await supplier.PostAsync($"/v2/supplier/link-sessions/{expired}/expire", null)).StatusCode);
        }

        var (expiredPage, expiredHtml) = await fixture.BrowseAsync($"/ui/connect?token={expired}&brand=daikin");
        UiPage.AssertPage(expiredPage, expiredHtml, HttpStatusCode.Gone, "fr", "Ce lien a expiré");
    }

    [Theory]
    [InlineData("nibe")]
    [InlineData("Daikin")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Connect_without_a_brand_that_has_a_consent_page_is_the_400_page(string? brand)
    {
        var token = await fixture.CreateSessionAsync(NewUserId());

        var (response, _) = await fixture.BrowseAsync($"/ui/connect?token={token}" + (brand is null ? string.Empty : $"&brand={brand}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("pending", await fixture.StatusOfAsync(token));
    }

    [Fact]
    public async Task Connect_and_callback_carry_the_authenticators_security_headers()
    {
        var token = await fixture.CreateSessionAsync(NewUserId());

        var (connect, _) = await fixture.BrowseAsync($"/ui/connect?token={token}&brand=daikin");
        var (callback, _) = await fixture.BrowseAsync("/ui/callback?state=x");

        foreach (var response in new[] { connect, callback })
        {
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
