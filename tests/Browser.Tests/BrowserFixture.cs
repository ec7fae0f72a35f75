using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Nox.Testing;
using Nox.Testing.FakeVendor;

namespace Nox.Browser.Tests;

/// <summary>
/// A real browser against a real HTTP server: the API on Kestrel on a free loopback port, in either
/// topology, on the system clock, and Debian's Chromium driven by Playwright. The
/// supplier's return page is another origin, which the tests intercept in the browser. Daikin connects through
/// <see cref="FakeOAuthVendor"/> (OAuth 2.0, a consent page on yet another origin); every other brand is the sandbox.
/// </summary>
public abstract class BrowserFixture(Topology topology) : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Supplier = "Acme Energy";
    public const string ApiKey = "browser-test-key-0123456789";
    public const string OAuthBrand = "daikin";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? playwright;

    public INoxApiHost Host { get; private set; } = null!;

    public FakeOAuthVendor Vendor { get; private set; } = null!;

    public Uri ApiBase { get; private set; } = null!;

    /// <summary>The supplier's return page (nothing listens there; the browser's route answers for it).</summary>
    public string ReturnUrl { get; private set; } = null!;

    public string ReturnUrlWithQuery => ReturnUrl + "?source=nox";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing, so the browser tests cannot run. ./test.sh installs it (apt-get install chromium).");
        }

        var apiPort = FreePort.Next();
        ApiBase = new Uri($"http://127.0.0.1:{apiPort}");
        ReturnUrl = $"http://localhost:{FreePort.Next()}/return";

        Vendor = await FakeOAuthVendor.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Nox:Suppliers:0:Name"] = Supplier,
            ["Nox:Suppliers:0:ApiKeys:0"] = ApiKey,
            ["Nox:Suppliers:0:AllowedRedirectUrls:0"] = ReturnUrl,
            ["Nox:Suppliers:0:AllowedRedirectUrls:1"] = ReturnUrlWithQuery,
            ["Nox:PublicBaseUrl"] = ApiBase.ToString().TrimEnd('/'),
        };
        foreach (var (key, value) in Vendor.BrandSettings(OAuthBrand))
        {
            settings[key] = value;
        }

        Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions { Name = "browser-tests", KestrelPort = apiPort, Settings = settings });

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Vendor is not null)
        {
            await Vendor.DisposeAsync();
        }
    }

    public HttpClient CreateApiClient()
    {
        var client = Host.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(15);
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return client;
    }

    /// <summary>Creates a session the way a supplier does and returns the response body.</summary>
    public async Task<JsonElement> CreateSessionAsync(string userId, string language, string? brand = null, string? redirectUrl = null)
    {
        using var client = CreateApiClient();
        var response = await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = userId, redirect_url = redirectUrl ?? ReturnUrl, brand, language });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task ExpireSessionAsync(string token)
    {
        using var client = CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v2/supplier/link-sessions/{token}/expire", null)).StatusCode);
    }

    public async Task<JsonElement> GetSessionAsync(string token)
    {
        using var client = CreateApiClient();
        return await client.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}");
    }

    /// <summary>A fresh browser context (no shared cookies or cache) at a phone-like or desktop width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1024, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
            ReducedMotion = ReducedMotion.Reduce,
        });
        return await context.NewPageAsync();
    }
}

public sealed class SplitBrowserFixture() : BrowserFixture(Topology.Split);

public sealed class CoHostedBrowserFixture() : BrowserFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitBrowserCollection : ICollectionFixture<SplitBrowserFixture>
{
    public const string Name = "browser (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedBrowserCollection : ICollectionFixture<CoHostedBrowserFixture>
{
    public const string Name = "browser (co-hosted)";
}
