using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Nox.LinkSessions;

namespace Nox.Api.Tests.Ui;

/// <summary>An API whose cluster is away: the page says so in the user's language, the endpoint in JSON.</summary>
public sealed class UnavailableClusterTests : IAsyncLifetime
{
    private WebApplicationFactory<NoxApiOptions> factory = null!;

    public Task InitializeAsync()
    {
        // A gateway port nothing listens on: the client keeps retrying and the API answers 503.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        factory = new WebApplicationFactory<NoxApiOptions>().WithWebHostBuilder(web =>
            web.UseSetting("Orleans:GatewayPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Task.CompletedTask;
    }

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
