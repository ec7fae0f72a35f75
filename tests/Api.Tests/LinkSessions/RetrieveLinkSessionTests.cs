using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.LinkSessions;

namespace Nox.Api.Tests.LinkSessions;

public abstract class RetrieveLinkSessionTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : RetrieveLinkSessionTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : RetrieveLinkSessionTests(fixture);

    private static string PathOf(string token) => $"/v2/supplier/link-sessions/{token}";

    [Fact]
    public async Task Retrieve_returns_the_same_body_as_create()
    {
        var created = await fixture.CreateSessionAsync(new { user_id = "u-7", redirect_url = ApiFixture.AcmeRedirect, brand = "nibe", language = "fr" });
        using var client = fixture.CreateClient();

        var response = await client.GetAsync(PathOf(created.GetProperty("link_token").GetString()!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.GetRawText(), (await response.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Retrieve_shows_a_completed_session_with_its_completion_time()
    {
        var token = (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString()!;
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        await fixture.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(token)).CompleteAsync(Brand.Daikin);
        using var client = fixture.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>(PathOf(token));

        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), body.GetProperty("completed_at").GetInt64());
    }

    [Fact]
    public async Task Retrieve_shows_a_session_as_expired_from_its_600th_second()
    {
        var created = await fixture.CreateSessionAsync();
        var token = created.GetProperty("link_token").GetString()!;
        using var client = fixture.CreateClient();

        fixture.Clock.Advance(TimeSpan.FromSeconds(599));
        Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>(PathOf(token))).GetProperty("status").GetString());

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var body = await client.GetFromJsonAsync<JsonElement>(PathOf(token));
        Assert.Equal("expired", body.GetProperty("status").GetString());
        Assert.Equal(created.GetProperty("expires_at").GetInt64(), body.GetProperty("expires_at").GetInt64());
    }

    [Fact]
    public async Task Retrieve_of_another_suppliers_session_is_404_exactly_like_an_unknown_token()
    {
        var token = (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString()!;
        using var globex = fixture.CreateClient(ApiFixture.GlobexKey);

        var foreign = await HttpAssert.ErrorAsync(await globex.GetAsync(PathOf(token)), HttpStatusCode.NotFound);
        var unknown = await HttpAssert.ErrorAsync(await globex.GetAsync(PathOf(LinkToken.Mint())), HttpStatusCode.NotFound);

        Assert.Equal(unknown.GetRawText(), foreign.GetRawText());
    }

    [Theory]
    [InlineData("abc123")]
    [InlineData("not-a-token-but-32-chars-long!!!")]
    [InlineData("%2e%2e")]
    public async Task Retrieve_of_a_malformed_token_is_404(string token)
    {
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await client.GetAsync(PathOf(token)), HttpStatusCode.NotFound);
    }
}
