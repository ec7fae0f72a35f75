using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nox.Api.Administration;
using Nox.Api.Authentication;
using Nox.Api.Suppliers;
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
    public async Task Two_keys_in_one_request_are_as_good_as_none()
    {
        using var client = fixture.CreateClient(apiKey: null);
        using var request = Request("GET", $"/v2/supplier/link-sessions/{LinkToken.Mint()}");
        request.Headers.Add("x-api-key", [ApiFixture.AcmeKey, ApiFixture.GlobexKey]);

        await HttpAssert.ErrorAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "Missing x-api-key header.");
    }

    [Fact]
    public void Every_supplier_endpoint_requires_the_supplier_key_and_every_admin_endpoint_the_admin_key()
    {
        // Keys are checked only where an endpoint carries the requirement: an endpoint mapped without it would be open.
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var supplier = endpoints.Where(e => e.RoutePattern.RawText!.StartsWith("/v2/supplier/", StringComparison.Ordinal)).ToList();
        var admin = endpoints.Where(e => e.RoutePattern.RawText!.StartsWith("/v2/admin/", StringComparison.Ordinal)).ToList();

        Assert.True(supplier.Count >= 10, $"{supplier.Count} supplier endpoints");
        Assert.NotEmpty(admin);
        Assert.All(supplier, e => Assert.Equal(SupplierApiKeyScheme.SchemeName, e.Metadata.GetMetadata<HeaderKeyRequirement>()?.Scheme));
        Assert.All(admin, e => Assert.Equal(AdminApiKeyScheme.SchemeName, e.Metadata.GetMetadata<HeaderKeyRequirement>()?.Scheme));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/")]
    public async Task Probes_and_documents_need_no_key_and_ignore_a_bad_one(string path)
    {
        using var client = fixture.CreateClient(apiKey: "not-a-key");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
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
