using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.LinkSessions;

namespace Nox.Api.Tests.LinkSessions;

public abstract class ExpireLinkSessionTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : ExpireLinkSessionTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : ExpireLinkSessionTests(fixture);

    private static string PathOf(string token) => $"/v2/supplier/link-sessions/{token}/expire";

    [Fact]
    public async Task Expire_ends_a_pending_session_now()
    {
        var created = await fixture.CreateSessionAsync();
        var token = created.GetProperty("link_token").GetString()!;
        fixture.Clock.Advance(TimeSpan.FromSeconds(12));
        using var client = fixture.CreateClient();

        var response = await client.PostAsync(PathOf(token), content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("expired", body.GetProperty("status").GetString());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), body.GetProperty("expires_at").GetInt64());
        Assert.Equal(created.GetProperty("created_at").GetInt64() + 12, body.GetProperty("expires_at").GetInt64());
        Assert.Equal(token, body.GetProperty("link_token").GetString());
    }

    [Fact]
    public async Task Expire_is_idempotent_on_an_expired_session()
    {
        var token = (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString()!;
        using var client = fixture.CreateClient();
        var first = await (await client.PostAsync(PathOf(token), null)).Content.ReadFromJsonAsync<JsonElement>();
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        var second = await client.PostAsync(PathOf(token), null);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.GetRawText(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
    }

    [Fact]
    public async Task Expire_of_a_completed_session_is_409()
    {
        var token = (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString()!;
        await fixture.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(token)).CompleteAsync(Brand.Bulex);
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await client.PostAsync(PathOf(token), null), HttpStatusCode.Conflict, "completed");
    }

    [Fact]
    public async Task Expire_of_another_suppliers_session_is_404_and_leaves_it_pending()
    {
        var token = (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString()!;
        using var globex = fixture.CreateClient(ApiFixture.GlobexKey);
        using var acme = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await globex.PostAsync(PathOf(token), null), HttpStatusCode.NotFound);

        var body = await acme.GetFromJsonAsync<JsonElement>($"/v2/supplier/link-sessions/{token}");
        Assert.Equal("pending", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Expire_of_an_unknown_token_is_404()
    {
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await client.PostAsync(PathOf(LinkToken.Mint()), null), HttpStatusCode.NotFound);
    }
}
