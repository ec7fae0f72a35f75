using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>Without ConnectionStrings:redis the service still runs: localhost clustering, in-memory storage.</summary>
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task Silo_and_api_run_without_redis_configuration()
    {
        await using var nox = new NoxProcesses(redis: null);
        await nox.StartSiloAsync();
        var api = await nox.StartApiAsync(waitUntilReady: true);
        using var client = api.CreateClient();

        var created = await api.CreateSessionAsync(client);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>(created.Headers.Location);
        Assert.Equal("pending", read.GetProperty("status").GetString());
        Assert.Equal("https://auth.nox.test", new Uri(read.GetProperty("link_url").GetString()!).GetLeftPart(UriPartial.Authority));
    }
}
