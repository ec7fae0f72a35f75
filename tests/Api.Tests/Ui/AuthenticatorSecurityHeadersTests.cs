using System.Net;
using Nox.Api.Ui;
using Nox.LinkSessions;

namespace Nox.Api.Tests.Ui;

/// <summary>
/// Strict-Transport-Security and Permissions-Policy on every Authenticator response. The fixture's public base
/// URL is https, so HSTS is expected; the browser tests run on an http base URL and see none.
/// </summary>
public abstract class AuthenticatorSecurityHeadersTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : AuthenticatorSecurityHeadersTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : AuthenticatorSecurityHeadersTests(fixture);

    private async Task<string> TokenAsync(string? language = null)
    {
        var created = await fixture.CreateSessionAsync(new { user_id = $"user-{Guid.NewGuid():N}", redirect_url = ApiFixture.AcmeRedirect, language });
        return created.GetProperty("link_token").GetString()!;
    }

    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var client = fixture.CreateClient(apiKey: null);
        return await client.GetAsync(path);
    }

    private async Task<HttpResponseMessage> CompleteAsync(string token)
    {
        using var client = fixture.CreateClient(apiKey: null);
        return await client.PostAsync($"/v2/link-sessions/{token}/complete", HttpAssert.Json("""{"brand":"daikin"}"""));
    }

    private static void AssertHeaders(HttpResponseMessage response)
    {
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        var policy = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        Assert.Equal(AuthenticatorSecurityHeaders.PermissionsPolicy, policy);
        foreach (var feature in new[] { "camera", "microphone", "geolocation", "payment", "usb", "fullscreen" })
        {
            Assert.Contains($"{feature}=()", policy, StringComparison.Ordinal);
        }

        // Every directive denies its feature to everyone, this page included.
        Assert.All(policy.Split(", "), directive => Assert.EndsWith("=()", directive, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_connect_page_carries_them()
    {
        var response = await GetAsync($"/ui?token={await TokenAsync()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertHeaders(response);
    }

    [Fact]
    public async Task The_error_pages_carry_them()
    {
        var expired = await TokenAsync("fr");
        fixture.Clock.Advance(TimeSpan.FromSeconds(600));

        var responses = new[]
        {
            await GetAsync("/ui"),
            await GetAsync($"/ui?token={LinkToken.Mint()}"),
            await GetAsync($"/ui?token={expired}"),
        };

        Assert.Equal(new[] { HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.Gone }, responses.Select(r => r.StatusCode));
        Assert.All(responses, AssertHeaders);
    }

    [Fact]
    public async Task The_complete_endpoint_carries_them_errors_included()
    {
        var ok = await CompleteAsync(await TokenAsync());
        var notFound = await CompleteAsync(LinkToken.Mint());

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }, new[] { ok.StatusCode, notFound.StatusCode });
        AssertHeaders(ok);
        AssertHeaders(notFound);
    }

    [Fact]
    public async Task The_pages_assets_carry_them()
    {
        AssertHeaders(await GetAsync("/ui/authenticator.js"));
    }
}
