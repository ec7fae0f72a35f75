using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Nox.Testing;

namespace Nox.Api.Tests;

/// <summary>
/// The API (WebApplicationFactory) in front of an in-process Orleans cluster, shared by every API
/// test. Two suppliers are configured; the domain clock is a fake the tests move.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string AcmeKey = "acme-test-key";
    public const string GlobexKey = "globex-test-key";
    public const string AcmeRedirect = "https://acme.example/return";
    public const string PublicBaseUrl = "https://auth.nox.test";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Any type of the API assembly names its entry point; the silo's Program would clash with Program.</summary>
    public WebApplicationFactory<NoxApiOptions> Factory { get; private set; } = null!;

    public static IReadOnlyDictionary<string, string?> SupplierSettings { get; } = new Dictionary<string, string?>
    {
        ["Nox:Suppliers:0:Name"] = "acme",
        ["Nox:Suppliers:0:ApiKeys:0"] = AcmeKey,
        ["Nox:Suppliers:0:AllowedRedirectUrls:0"] = AcmeRedirect,
        ["Nox:Suppliers:0:AllowedRedirectUrls:1"] = "https://acme.example/return?source=nox",
        ["Nox:Suppliers:0:AllowedRedirectUrls:2"] = "http://localhost:3000/callback",
        ["Nox:Suppliers:0:AllowedRedirectUrls:3"] = "http://acme.example/insecure",
        ["Nox:Suppliers:1:Name"] = "globex",
        ["Nox:Suppliers:1:ApiKeySha256:0"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("globex-test-key"u8)),
        ["Nox:Suppliers:1:AllowedRedirectUrls:0"] = "https://globex.example/done",
    };

    public async Task InitializeAsync()
    {
        Cluster = await NoxTestCluster.DeployAsync("api-tests", SupplierSettings, Clock);
        Factory = new WebApplicationFactory<NoxApiOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Nox:PublicBaseUrl", PublicBaseUrl);
            web.UseSetting("Nox:SupplierCacheDuration", "00:00:00.200");
            web.ConfigureTestServices(services => services.UseClusterClient(Cluster.Client));
        });
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await NoxTestCluster.StopAsync(Cluster);
    }

    public HttpClient CreateClient(string? apiKey = AcmeKey)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    public async Task<JsonElement> CreateSessionAsync(object? body = null, string apiKey = AcmeKey)
    {
        using var client = CreateClient(apiKey);
        var response = await client.PostAsJsonAsync("/v2/supplier/link-sessions", body ?? new { user_id = "user-1", redirect_url = AcmeRedirect });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
