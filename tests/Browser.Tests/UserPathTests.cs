using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Browser.Tests;

/// <summary>
/// The users API reads <c>{user_id}</c> from the request target exactly as sent, which only a real server keeps
/// (the in-memory test server decodes <c>%2F</c> into a path separator): so these run against this suite's Kestrel.
/// </summary>
public abstract class UserPathTests(BrowserFixture fixture)
{
    [Collection(SplitBrowserCollection.Name)]
    public sealed class Split(SplitBrowserFixture fixture) : UserPathTests(fixture);

    [Collection(CoHostedBrowserCollection.Name)]
    public sealed class CoHosted(CoHostedBrowserFixture fixture) : UserPathTests(fixture);

    [Theory]
    [InlineData("a/b")]
    [InlineData("crm%2F42/x")]
    [InlineData("100%25 off")]
    public async Task A_user_id_with_a_slash_or_a_percent_is_read_exactly_once(string userId)
    {
        var created = await fixture.CreateSessionAsync(userId, "en", brand: null);
        using var client = fixture.CreateApiClient();
        using var page = fixture.CreateApiClient();
        page.DefaultRequestHeaders.Remove("x-api-key");
        var complete = await page.PostAsJsonAsync($"/v2/link-sessions/{created.GetProperty("link_token").GetString()}/complete", new { brand = "lg" });
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var path = $"/v2/supplier/users/{Uri.EscapeDataString(userId)}";

        var user = await client.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(userId, user.GetProperty("supplier_user_id").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{path}/brands/lg")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("brands").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("%FF%FE")]
    [InlineData("%C3%28")]
    public async Task A_user_id_that_is_not_percent_encoded_utf8_is_400(string encoded)
    {
        using var client = fixture.CreateApiClient();

        var response = await client.GetAsync($"/v2/supplier/users/{encoded}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("user_id", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
