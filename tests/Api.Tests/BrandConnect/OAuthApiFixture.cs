using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nox.Testing;
using Nox.Testing.FakeVendor;

namespace Nox.Api.Tests.BrandConnect;

/// <summary>
/// The API in front of a cluster in which <see cref="Brand"/> connects through <see cref="FakeOAuthVendor"/>, a real
/// HTTP server on loopback; every other brand stays on the sandbox. One per topology, as <see cref="ApiFixture"/>.
/// </summary>
public abstract class OAuthApiFixture(Topology topology) : IAsyncLifetime
{
    public const string Brand = "daikin";

    public Topology Topology => topology;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public FakeOAuthVendor Vendor { get; private set; } = null!;

    public INoxApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Vendor = await FakeOAuthVendor.StartAsync();
        var settings = new Dictionary<string, string?>(TestSuppliers.Settings);
        foreach (var (key, value) in Vendor.BrandSettings(Brand))
        {
            settings[key] = value;
        }

        Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions { Name = "oauth-tests", Settings = settings, Clock = Clock });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Vendor.DisposeAsync();
    }

    public HttpClient CreateClient(string? apiKey = ApiFixture.AcmeKey)
    {
        var client = Host.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    /// <summary>Creates a session and answers its link token.</summary>
    public async Task<string> CreateSessionAsync(string userId, string language = "en", string? brand = Brand)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = userId, redirect_url = ApiFixture.AcmeRedirect, brand, language });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
    }

    public async Task<string> StatusOfAsync(string token)
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}")).GetProperty("status").GetString()!;
    }

    /// <summary>The browser's request for a URL on the API (the public base URL is not where the test server listens).</summary>
    public async Task<(HttpResponseMessage Response, string Body)> BrowseAsync(string urlOrPath)
    {
        using var client = CreateClient(apiKey: null);
        var pathAndQuery = urlOrPath.StartsWith(ApiFixture.PublicBaseUrl, StringComparison.Ordinal) ? urlOrPath[ApiFixture.PublicBaseUrl.Length..] : urlOrPath;
        var response = await client.GetAsync(pathAndQuery);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary><c>/ui/connect</c> for the session, which must send the browser to the vendor's consent page.</summary>
    public async Task<Uri> StartAsync(string token, string brand = Brand, string? language = null)
    {
        var (response, _) = await BrowseAsync($"/ui/connect?token={token}&brand={Uri.EscapeDataString(brand)}" + (language is null ? string.Empty : $"&language={language}"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The whole round trip up to the callback URL the vendor sends the browser to (not yet followed).</summary>
    public async Task<Uri> ConsentAsync(string token, bool allow = true, string? language = null) =>
        await Vendor.DecideAsync(await StartAsync(token, language: language), allow);
}

public sealed class SplitOAuthApiFixture() : OAuthApiFixture(Topology.Split);

public sealed class CoHostedOAuthApiFixture() : OAuthApiFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitOAuthApiCollection : ICollectionFixture<SplitOAuthApiFixture>
{
    public const string Name = "oauth api (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedOAuthApiCollection : ICollectionFixture<CoHostedOAuthApiFixture>
{
    public const string Name = "oauth api (co-hosted)";
}
