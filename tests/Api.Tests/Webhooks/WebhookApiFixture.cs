using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nox.LinkSessions;
using Nox.Testing;
using Nox.Testing.Webhooks;

namespace Nox.Api.Tests.Webhooks;

/// <summary>
/// The API (either topology) with webhooks allowed to reach loopback, a real receiver on loopback, background work
/// that polls fast, and short retry delays. The domain clock is a fake: retries and the 600 s lifetime pass when a
/// test moves it. Each test takes suppliers of its own (<see cref="NextSupplier"/>), so endpoint limits and event
/// logs never mix between tests.
/// </summary>
public abstract class WebhookApiFixture(Topology topology) : IAsyncLifetime
{
    public const int Suppliers = 80;
    public const string RedirectUrl = "https://wh.example/return";
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SecondRetry = TimeSpan.FromSeconds(60);

    private int next = -1;

    public Topology Topology => topology;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public INoxApiHost Host { get; private set; } = null!;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public IGrainFactory Grains => Host.Grains;

    public static string KeyOf(int supplier) => $"wh-{supplier}-test-key-0123456789abcdef";

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(TestSuppliers.Settings)
        {
            ["Nox:Webhooks:AllowPrivateNetworks"] = "true",
            ["Nox:Webhooks:SweepPeriod"] = "00:00:00.200",
            ["Nox:Webhooks:DeliveryPollPeriod"] = "00:00:00.100",
            ["Nox:Webhooks:RetryDelays:0"] = FirstRetry.ToString(),
            ["Nox:Webhooks:RetryDelays:1"] = SecondRetry.ToString(),
        };
        for (var i = 0; i < Suppliers; i++)
        {
            settings[$"Nox:Suppliers:{i + 2}:Name"] = $"wh-{i}";
            settings[$"Nox:Suppliers:{i + 2}:ApiKeys:0"] = KeyOf(i);
            settings[$"Nox:Suppliers:{i + 2}:AllowedRedirectUrls:0"] = RedirectUrl;
        }

        Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions { Name = "webhook-tests", Settings = settings, Clock = Clock });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    /// <summary>A supplier no other test uses, with a client carrying its key.</summary>
    public SupplierClient NextSupplier()
    {
        var index = Interlocked.Increment(ref next);
        if (index >= Suppliers)
        {
            throw new InvalidOperationException($"More than {Suppliers} suppliers used: raise WebhookApiFixture.Suppliers.");
        }

        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", KeyOf(index));
        return new SupplierClient($"wh-{index}", client, this);
    }
}

/// <summary>One test's supplier: its name and an API client with its key.</summary>
public sealed record SupplierClient(string Name, HttpClient Http, WebhookApiFixture Fixture)
{
    public async Task<JsonElement> CreateEndpointAsync(string url, params string[] events)
    {
        var response = await Http.PostAsJsonAsync("/v2/supplier/webhook-endpoints", events.Length == 0 ? (object)new { url } : new { url, events });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> CreateSessionAsync(string userId = "user-1")
    {
        var response = await Http.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = userId, redirect_url = WebhookApiFixture.RedirectUrl });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
    }

    public async Task<JsonElement> GetSessionAsync(string token) =>
        await Http.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}");

    public Task CompleteAsync(string token, Brand brand = Brand.Daikin) =>
        Fixture.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(token)).CompleteAsync(brand);

    public async Task<JsonElement> EventsAsync(string query = "") =>
        await Http.GetFromJsonAsync<JsonElement>($"/v2/supplier/events{query}");
}

public sealed class SplitWebhookApiFixture() : WebhookApiFixture(Topology.Split);

public sealed class CoHostedWebhookApiFixture() : WebhookApiFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitWebhookApiCollection : ICollectionFixture<SplitWebhookApiFixture>
{
    public const string Name = "webhooks api (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedWebhookApiCollection : ICollectionFixture<CoHostedWebhookApiFixture>
{
    public const string Name = "webhooks api (co-hosted)";
}
