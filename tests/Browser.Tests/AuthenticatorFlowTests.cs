using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using IRequest = Microsoft.Playwright.IRequest;
using static Microsoft.Playwright.Assertions;

namespace Nox.Browser.Tests;

/// <summary>The end-user's half of the flow in a real browser, once in each language.</summary>
public abstract class AuthenticatorFlowTests(BrowserFixture fixture)
{
    [Collection(SplitBrowserCollection.Name)]
    public sealed class Split(SplitBrowserFixture fixture) : AuthenticatorFlowTests(fixture);

    [Collection(CoHostedBrowserCollection.Name)]
    public sealed class CoHosted(CoHostedBrowserFixture fixture) : AuthenticatorFlowTests(fixture);

    [Theory]
    [InlineData("nl", "Vaillant", "vaillant", "Verbinden", false)]
    [InlineData("en", "Saunier Duval", "saunier duval", "Connect", true)]
    [InlineData("fr", "Alpha Innotec", "alpha innotec", "Connecter", false)]
    [InlineData("es", "NIBE", "nibe", "Conectar", true)]
    public async Task A_user_goes_from_link_url_to_the_redirect_url_with_the_right_data(
        string language, string brandName, string brandWireName, string connectButton, bool redirectHasQuery)
    {
        var userId = $"customer-{language}-{Guid.NewGuid():N}";
        var redirectUrl = redirectHasQuery ? fixture.ReturnUrlWithQuery : fixture.ReturnUrl;
        var created = await fixture.CreateSessionAsync(userId, language, brand: "daikin", redirectUrl);
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        var returned = await InterceptReturnAsync(page);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var response = await page.GotoAsync(created.GetProperty("link_url").GetString()!);

        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByText(BrowserFixture.Supplier).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Daikin", Exact = true })).ToBeCheckedAsync();
        await Expect(page.Locator("#countdown-time")).ToHaveTextAsync(new Regex("^(10:00|[0-9]:[0-5][0-9])$"));

        await page.GetByRole(AriaRole.Radio, new() { Name = brandName, Exact = true }).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Daikin", Exact = true })).Not.ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = connectButton, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(redirectUrl) + "[?&]data="));

        Assert.StartsWith(redirectUrl + (redirectHasQuery ? "&data=" : "?data="), page.Url, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Welcome back" })).ToBeVisibleAsync();
        var data = Decode(page.Url);
        Assert.Equal(["nox_user_id", "supplier_user_id", "brand", "device_ids", "connected_at"], data.EnumerateObject().Select(p => p.Name));
        Assert.True(Guid.TryParse(data.GetProperty("nox_user_id").GetString(), out _));
        Assert.Equal(userId, data.GetProperty("supplier_user_id").GetString());
        Assert.Equal(brandWireName, data.GetProperty("brand").GetString());
        Assert.Matches($"^sandbox-{brandWireName.Replace(' ', '-')}-[0-9a-f]{{8}}$", Assert.Single(data.GetProperty("device_ids").EnumerateArray()).GetString());
        Assert.InRange(data.GetProperty("connected_at").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        // The token is in the page's URL: the navigation to the supplier must not carry it as a referrer.
        var headers = await (await returned).AllHeadersAsync();
        Assert.False(headers.ContainsKey("referer"), "the redirect carried a Referer header");
        var session = await fixture.GetSessionAsync(created.GetProperty("link_token").GetString()!);
        Assert.Equal("completed", session.GetProperty("status").GetString());
        Assert.Equal(data.GetProperty("connected_at").GetInt64(), session.GetProperty("completed_at").GetInt64());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("nl", "Deze link is verlopen")]
    [InlineData("en", "This link has expired")]
    [InlineData("fr", "Ce lien a expiré")]
    [InlineData("es", "Este enlace ha caducado")]
    public async Task An_expired_sessions_link_shows_the_expired_page_in_its_language(string language, string heading)
    {
        var created = await fixture.CreateSessionAsync($"expired-{Guid.NewGuid():N}", language);
        await fixture.ExpireSessionAsync(created.GetProperty("link_token").GetString()!);
        var page = await fixture.NewPageAsync(width: 360, height: 740);

        var response = await page.GotoAsync(created.GetProperty("link_url").GetString()!);

        Assert.Equal(410, response!.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Expect(page.GetByText(BrowserFixture.Supplier)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_session_that_expires_while_the_page_is_open_says_so_instead_of_redirecting()
    {
        var created = await fixture.CreateSessionAsync($"late-{Guid.NewGuid():N}", "en", brand: "toshiba");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(created.GetProperty("link_url").GetString()!);
        var connect = page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true });
        await Expect(connect).ToBeEnabledAsync();

        await fixture.ExpireSessionAsync(created.GetProperty("link_token").GetString()!);
        await connect.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This link has expired");
        await Expect(connect).ToBeDisabledAsync();
        Assert.Equal(created.GetProperty("link_url").GetString(), page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_loads_without_a_console_error_or_warning_under_its_policies()
    {
        var created = await fixture.CreateSessionAsync($"console-{Guid.NewGuid():N}", "fr", brand: "nibe");
        var page = await fixture.NewPageAsync();
        var messages = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                messages.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => messages.Add($"page error: {error}");

        var response = await page.GotoAsync(created.GetProperty("link_url").GetString()!);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connecter", Exact = true })).ToBeEnabledAsync();

        // A CSP violation or a Permissions-Policy the browser cannot parse would show up here.
        Assert.Empty(messages);
        var headers = await response!.AllHeadersAsync();
        Assert.StartsWith("accelerometer=()", headers["permissions-policy"], StringComparison.Ordinal);
        // The fixture's public base URL is http: no HSTS promise is made for it.
        Assert.False(headers.ContainsKey("strict-transport-security"), "HSTS was sent for an http public base URL");
        Assert.False(await page.EvaluateAsync<bool>("() => document.featurePolicy === undefined || document.featurePolicy.allowsFeature('camera')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_flow_works_with_the_keyboard_alone()
    {
        var created = await fixture.CreateSessionAsync($"keyboard-{Guid.NewGuid():N}", "en", brand: "daikin");
        var page = await fixture.NewPageAsync();
        var returned = await InterceptReturnAsync(page);
        await page.GotoAsync(created.GetProperty("link_url").GetString()!);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connect" })).ToBeEnabledAsync();

        // Tab past the language links into the brand group, which focuses its checked radio.
        for (var i = 0; i < 10 && !await page.GetByRole(AriaRole.Radio, new() { Name = "Daikin", Exact = true }).EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "DeWarmte", Exact = true })).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Connect" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(fixture.ReturnUrl) + "\\?data="));

        Assert.Equal("dewarmte", Decode(page.Url).GetProperty("brand").GetString());
        await returned;
        await page.Context.CloseAsync();
    }

    /// <summary>Answers for the supplier's return page (another origin, where nothing listens) and hands over its request.</summary>
    private async Task<Task<IRequest>> InterceptReturnAsync(IPage page)
    {
        var returned = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex("^" + Regex.Escape(fixture.ReturnUrl)), async route =>
        {
            returned.TrySetResult(route.Request);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = "<!doctype html><html lang=\"en\"><title>Acme Energy</title><h1>Welcome back</h1></html>",
            });
        });
        return returned.Task;
    }

    private static JsonElement Decode(string url)
    {
        var data = new Uri(url).Query.TrimStart('?').Split('&').Single(p => p.StartsWith("data=", StringComparison.Ordinal))["data=".Length..];
        Assert.Matches("^[A-Za-z0-9_-]+$", data);
        return JsonDocument.Parse(Base64Url.DecodeFromChars(data)).RootElement.Clone();
    }
}
