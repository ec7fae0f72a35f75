using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Nox.Testing.FakeVendor;
using static Microsoft.Playwright.Assertions;
using IRequest = Microsoft.Playwright.IRequest;

namespace Nox.Browser.Tests;

/// <summary>
/// A brand with an OAuth 2.0 connector, end to end in a real browser: the Authenticator page, the vendor's consent
/// page on its own origin, and back to the supplier with the vendor's device ids; and a denial, back to the page.
/// </summary>
public abstract class OAuthFlowTests(BrowserFixture fixture)
{
    [Collection(SplitBrowserCollection.Name)]
    public sealed class Split(SplitBrowserFixture fixture) : OAuthFlowTests(fixture);

    [Collection(CoHostedBrowserCollection.Name)]
    public sealed class CoHosted(CoHostedBrowserFixture fixture) : OAuthFlowTests(fixture);

    [Fact]
    public async Task A_user_connects_through_the_vendors_consent_page_and_returns_to_the_supplier_with_its_devices()
    {
        var userId = $"oauth-{Guid.NewGuid():N}";
        var created = await fixture.CreateSessionAsync(userId, "en", brand: BrowserFixture.OAuthBrand);
        var page = await fixture.NewPageAsync();
        var returned = await InterceptReturnAsync(page);

        await page.GotoAsync(created.GetProperty("link_url").GetString()!);
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Daikin", Exact = true })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();

        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(fixture.Vendor.AuthorizationEndpoint)));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Allow NOX to see your heat pumps?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(fixture.ReturnUrl) + "\\?data="));

        var request = await returned;
        Assert.False((await request.AllHeadersAsync()).ContainsKey("referer"), "the return to the supplier carried a Referer header");
        var data = Decode(page.Url);
        Assert.Equal(userId, data.GetProperty("supplier_user_id").GetString());
        Assert.Equal(BrowserFixture.OAuthBrand, data.GetProperty("brand").GetString());
        Assert.Equal(FakeOAuthVendor.DeviceIds, data.GetProperty("device_ids").EnumerateArray().Select(d => d.GetString()!));
        var session = await fixture.GetSessionAsync(created.GetProperty("link_token").GetString()!);
        Assert.Equal("completed", session.GetProperty("status").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_user_who_denies_access_is_back_on_the_page_with_a_message_in_its_language_and_can_connect_another_brand()
    {
        var created = await fixture.CreateSessionAsync($"deny-{Guid.NewGuid():N}", "nl", brand: BrowserFixture.OAuthBrand);
        var page = await fixture.NewPageAsync(width: 360, height: 740);
        var returned = await InterceptReturnAsync(page);
        await page.GotoAsync(created.GetProperty("link_url").GetString()!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verbinden", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Deny", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Je hebt geen toegang gegeven tot je Daikin-account");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Daikin", Exact = true })).ToBeCheckedAsync();
        Assert.Equal("pending", (await fixture.GetSessionAsync(created.GetProperty("link_token").GetString()!)).GetProperty("status").GetString());

        await page.GetByRole(AriaRole.Radio, new() { Name = "NIBE", Exact = true }).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verbinden", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(fixture.ReturnUrl) + "\\?data="));
        Assert.Equal("nibe", Decode(page.Url).GetProperty("brand").GetString());
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
        return JsonDocument.Parse(Base64Url.DecodeFromChars(data)).RootElement.Clone();
    }
}
