using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Nox.Suppliers;

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
    public async Task No_authentication_scheme_runs_unless_an_endpoint_asks_for_it()
    {
        var schemes = fixture.Host.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Null(await schemes.GetDefaultChallengeSchemeAsync());
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

    [Fact]
    public async Task A_revoked_key_stops_working_within_the_cache_duration_and_a_new_one_starts()
    {
        var directory = fixture.Grains.GetGrain<ISupplierDirectoryGrain>(0);
        var original = await directory.GetSuppliersAsync();
        using var oldKey = fixture.CreateClient(ApiFixture.AcmeKey);
        using var newKey = fixture.CreateClient("acme-rotated-key");
        try
        {
            var rotated = original.Select(s => s.Name != "acme" ? s : s with
            {
                ApiKeySha256 = [Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("acme-rotated-key"u8))],
            }).ToImmutableArray();
            await directory.ApplyConfigurationAsync(rotated);

            // An unknown key triggers a refresh at most once a second; a known one after the cache duration (200 ms here).
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            Assert.Equal(HttpStatusCode.Created, (await newKey.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "u", redirect_url = ApiFixture.AcmeRedirect })).StatusCode);
            await oldKey.GetAsync($"/v2/supplier/link-sessions/{LinkToken.Mint()}");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await HttpAssert.ErrorAsync(await oldKey.GetAsync($"/v2/supplier/link-sessions/{LinkToken.Mint()}"), HttpStatusCode.Unauthorized);
        }
        finally
        {
            await directory.ApplyConfigurationAsync(original);
            await Task.Delay(TimeSpan.FromSeconds(1.2));
        }
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? HttpAssert.Json("""{"user_id":"u","redirect_url":"https://acme.example/return"}""") : null,
    };
}
