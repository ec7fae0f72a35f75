using System.Net;
using Nox.LinkSessions;
using Nox.Testing;

namespace Nox.Api.Tests.Ui;

/// <summary>An API whose cluster is away: the page says so in the user's language, the endpoint in JSON.</summary>
public sealed class UnavailableClusterTests : IAsyncLifetime
{
    private NoxApiFactory factory = null!;

    public async Task InitializeAsync() =>
        factory = await NoxApiFactory.StartAsync(new NoxApiHostOptions { Name = "unavailable", WithoutCluster = true });

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task The_page_is_a_503_page_in_the_requested_language_with_retry_after()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync($"/ui?token={LinkToken.Mint()}&language=fr");
        var html = await response.Content.ReadAsStringAsync();

        UiPage.AssertPage(response, html, HttpStatusCode.ServiceUnavailable, "fr", "Temporairement indisponible");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_complete_endpoint_is_a_json_503_with_retry_after_and_the_security_headers()
    {
        using var client = factory.CreateClient();

        var response = await client.PostAsync($"/v2/link-sessions/{LinkToken.Mint()}/complete", HttpAssert.Json("""{"brand":"daikin"}"""));

        await HttpAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
