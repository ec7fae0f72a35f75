using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nox.LinkSessions;

namespace Nox.Api.Tests.RateLimits;

/// <summary>
/// The Authenticator's limit per client address: a 429 page in the page's language or a problem body on the
/// complete endpoint, with Retry-After; other addresses unaffected; the supplier API not counted; and
/// X-Forwarded-For trusted from the configured proxies only.
/// </summary>
public abstract class AuthenticatorRateLimitTests(AuthenticatorLimitFixture fixture)
{
    [Collection(SplitAuthenticatorLimitCollection.Name)]
    public sealed class Split(SplitAuthenticatorLimitFixture fixture) : AuthenticatorRateLimitTests(fixture);

    [Collection(CoHostedAuthenticatorLimitCollection.Name)]
    public sealed class CoHosted(CoHostedAuthenticatorLimitFixture fixture) : AuthenticatorRateLimitTests(fixture);

    private static int lastAddress;

    /// <summary>A client address no other test uses.</summary>
    private static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref lastAddress)}";

    private static string PagePath(string language) => $"/ui?token={LinkToken.Mint()}&language={language}";

    [Theory]
    [InlineData("fr", "Trop de requêtes")]
    [InlineData("nl", "Te veel verzoeken")]
    [InlineData("en", "Too many requests")]
    [InlineData("es", "Demasiadas solicitudes")]
    public async Task Over_the_limit_an_address_gets_a_429_page_in_the_pages_language_with_retry_after(string language, string title)
    {
        var address = NewAddress();
        for (var i = 0; i < AuthenticatorLimitFixture.PerMinute; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await GetPageAsync(address, language)).StatusCode);
        }

        var refused = await GetPageAsync(address, language);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(language, refused.Content.Headers.ContentLanguage.Single());
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains(title, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_complete_endpoint_answers_429_as_a_problem_body_and_other_addresses_are_unaffected()
    {
        var address = NewAddress();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= AuthenticatorLimitFixture.PerMinute; i++)
        {
            answers.Add(await CompleteAsync(address));
        }

        var refused = answers[^1];
        Assert.DoesNotContain(answers[..^1], a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await CompleteAsync(NewAddress())).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await GetPageAsync(NewAddress(), "nl")).StatusCode);
    }

    [Fact]
    public async Task The_supplier_api_is_not_counted_against_the_address()
    {
        var address = NewAddress();
        using var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", ApiFixture.AcmeKey);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        for (var i = 0; i < AuthenticatorLimitFixture.PerMinute * 2; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync($"/v2/supplier/link-sessions/{LinkToken.Mint()}")).StatusCode);
        }

        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await GetPageAsync(address, "en")).StatusCode);
    }

    [Fact]
    public async Task A_refusal_is_counted_as_a_rejection_for_rate()
    {
        var apiMeters = fixture.Host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var recorded = new RecordedMeasurements(i => i.Meter.Scope == apiMeters && i.Name == Nox.Telemetry.RequestRejections.InstrumentName);
        var address = NewAddress();
        for (var i = 0; i <= AuthenticatorLimitFixture.PerMinute; i++)
        {
            await GetPageAsync(address, "en");
        }

        Assert.Equal(1, recorded.Sum(Nox.Telemetry.RequestRejections.InstrumentName, new KeyValuePair<string, object?>("reason", "rate")));
    }

    [Fact]
    public void Forwarded_addresses_are_trusted_from_the_configured_proxies_only()
    {
        var options = fixture.Host.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal([IPAddress.Parse(AuthenticatorLimitFixture.Proxy)], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse(AuthenticatorLimitFixture.ProxyNetwork)], options.KnownIPNetworks);
        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor, options.ForwardedHeaders);
    }

    private async Task<HttpResponseMessage> GetPageAsync(string address, string language)
    {
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, PagePath(language));
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> CompleteAsync(string address)
    {
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/link-sessions/{LinkToken.Mint()}/complete")
        {
            Content = JsonContent.Create(new { brand = "nibe" }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }
}
