using System.Net;
using Nox.LinkSessions;

namespace Nox.Api.Tests;

public abstract class ApiKeyTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : ApiKeyTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : ApiKeyTests(fixture);

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/v2/supplier/link-sessions" },
        { "GET", $"/v2/supplier/link-sessions/{LinkToken.Mint()}" },
        { "POST", $"/v2/supplier/link-sessions/{LinkToken.Mint()}/expire" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_supplier_endpoint_answers_401_without_a_key(string method, string path)
    {
        using var client = fixture.CreateClient(apiKey: null);

        await HttpAssert.ErrorAsync(await client.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized, "x-api-key");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_supplier_endpoint_answers_401_for_an_unknown_key(string method, string path)
    {
        using var client = fixture.CreateClient(apiKey: "not-a-key");

        await HttpAssert.ErrorAsync(await client.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized, "Unknown or revoked");
    }

    [Fact]
    public async Task A_key_configured_as_a_sha256_digest_works()
    {
        var body = await fixture.CreateSessionAsync(new { user_id = "g", redirect_url = "https://globex.example/done" }, ApiFixture.GlobexKey);

        Assert.Equal("globex", body.GetProperty("supplier").GetString());
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? HttpAssert.Json("""{"user_id":"u","redirect_url":"https://acme.example/return"}""") : null,
    };
}
