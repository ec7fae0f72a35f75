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

    [Theory]
    [InlineData("POST", "/v2/supplier/link-sessions")]
    [InlineData("GET", "/v2/supplier/link-sessions/{0}")]
    public async Task A_supplier_call_is_a_json_503_with_retry_after_when_its_key_cannot_be_checked(string method, string path)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", TestSuppliers.AcmeKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, LinkToken.Mint()))
        {
            Content = method == "POST" ? HttpAssert.Json("""{"user_id":"u","redirect_url":"https://acme.example/return"}""") : null,
        };

        var response = await client.SendAsync(request);

        await HttpAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "retry");
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
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
