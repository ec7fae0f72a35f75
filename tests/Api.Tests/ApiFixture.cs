using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nox.Testing;

namespace Nox.Api.Tests;

/// <summary>
/// The API in front of a cluster, shared by every API test of one topology: every API test class runs
/// once against <see cref="SplitApiFixture"/> and once against <see cref="CoHostedApiFixture"/>. Two
/// suppliers are configured (<see cref="TestSuppliers"/>); the domain clock is a fake the tests move.
/// </summary>
public abstract class ApiFixture(Topology topology) : IAsyncLifetime
{
    public const string AcmeKey = TestSuppliers.AcmeKey;
    public const string GlobexKey = TestSuppliers.GlobexKey;
    public const string AcmeRedirect = TestSuppliers.AcmeRedirect;
    public const string PublicBaseUrl = TestSuppliers.PublicBaseUrl;
    public const string AdminKey = TestSuppliers.AdminKey;

    public Topology Topology => topology;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public INoxApiHost Host { get; private set; } = null!;

    /// <summary>The cluster behind the API, for arranging state through grain interfaces.</summary>
    public IGrainFactory Grains => Host.Grains;

    public async Task InitializeAsync() =>
        Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions { Name = "api-tests", Settings = TestSuppliers.Settings, Clock = Clock });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public HttpClient CreateClient(string? apiKey = AcmeKey)
    {
        var client = Host.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    /// <summary>A client of the admin API, with <c>x-admin-key</c> (none when null).</summary>
    public HttpClient CreateAdminClient(string? adminKey = AdminKey)
    {
        var client = Host.CreateClient();
        if (adminKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-admin-key", adminKey);
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

public sealed class SplitApiFixture() : ApiFixture(Topology.Split);

public sealed class CoHostedApiFixture() : ApiFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitApiCollection : ICollectionFixture<SplitApiFixture>
{
    public const string Name = "api (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedApiCollection : ICollectionFixture<CoHostedApiFixture>
{
    public const string Name = "api (co-hosted)";
}
