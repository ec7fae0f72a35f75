using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>The co-hosted topology as processes: silos that serve the API themselves (Nox:Api:Enabled=true).</summary>
[Collection(RedisCollection.Name)]
public sealed class CoHostedTests(RedisFixture fixture)
{
    [Fact]
    public async Task One_silo_process_serves_the_api_on_the_embedded_default()
    {
        await using var nox = new NoxProcesses(redis: null);
        var silo = await nox.StartSiloAsync(coHostApi: true);
        using var client = silo.CreateClient();

        var created = await silo.CreateSessionAsync(client);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>(created.Headers.Location);
        Assert.Equal("pending", read.GetProperty("status").GetString());
        var page = await client.GetAsync(new Uri(read.GetProperty("link_url").GetString()!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_session_created_through_one_silo_is_read_through_another_after_the_first_is_gone()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        var first = await nox.StartSiloAsync(coHostApi: true);
        var second = await nox.StartSiloAsync(coHostApi: true);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        var created = await Eventually.UntilAsync(() => first.CreateSessionAsync(firstClient), r => r.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(60));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();

        await first.Child.StopAsync();

        var read = await Eventually.UntilAsync(
            () => secondClient.GetAsync(created.Headers.Location),
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body.GetRawText(), (await read.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    [Fact]
    public async Task A_silo_without_the_setting_serves_no_api()
    {
        await using var nox = new NoxProcesses(redis: null);
        var silo = await nox.StartSiloAsync();
        using var client = silo.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await silo.CreateSessionAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
