using System.Net;
using Nox.Api.Administration;
using Nox.Testing;
using static Nox.Api.Tests.Administration.AdminCalls;

namespace Nox.Api.Tests.Administration;

/// <summary>
/// <c>x-admin-key</c>: every admin call needs one of the configured admin keys, a supplier key is never one
/// (nor an admin key a supplier key), and a process without admin keys answers 401 to every admin call.
/// </summary>
public abstract class AdminAuthenticationTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : AdminAuthenticationTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : AdminAuthenticationTests(fixture);

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", SuppliersPath },
        { "GET", SuppliersPath },
        { "GET", $"{SuppliersPath}/acme" },
        { "PATCH", $"{SuppliersPath}/acme" },
        { "DELETE", $"{SuppliersPath}/acme" },
        { "POST", $"{SuppliersPath}/acme/api-keys" },
        { "GET", $"{SuppliersPath}/acme/api-keys" },
        { "POST", $"{SuppliersPath}/acme/api-keys/key_x/rotate" },
        { "DELETE", $"{SuppliersPath}/acme/api-keys/key_x" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_admin_endpoint_answers_401_without_a_key(string method, string path)
    {
        using var client = fixture.CreateAdminClient(adminKey: null);

        await HttpAssert.ErrorAsync(await client.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized, "Missing x-admin-key header.");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_admin_endpoint_answers_401_for_an_unknown_key(string method, string path)
    {
        using var client = fixture.CreateAdminClient("not-an-admin-key-0123456789abcdef");

        await HttpAssert.ErrorAsync(await client.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized, "Unknown x-admin-key.");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_supplier_key_is_never_an_admin_key(string method, string path)
    {
        using var asAdminKey = fixture.CreateAdminClient(ApiFixture.AcmeKey);
        using var asApiKey = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await asAdminKey.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized);
        await HttpAssert.ErrorAsync(await asApiKey.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized, "x-admin-key");
    }

    [Fact]
    public async Task An_admin_key_is_never_a_supplier_key()
    {
        using var client = fixture.CreateClient(ApiFixture.AdminKey);

        await HttpAssert.ErrorAsync(await client.GetAsync("/v2/supplier/link-sessions/" + Nox.LinkSessions.LinkToken.Mint()), HttpStatusCode.Unauthorized, "Unknown or revoked API key.");
    }

    [Theory]
    [InlineData(TestSuppliers.AdminKey)]
    [InlineData(TestSuppliers.AdminDigestKey)]
    public async Task A_plain_admin_key_and_one_configured_as_a_digest_both_work(string adminKey)
    {
        using var client = fixture.CreateAdminClient(adminKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(SuppliersPath)).StatusCode);
    }

    [Fact]
    public async Task Two_admin_keys_in_one_request_are_as_good_as_none()
    {
        using var client = fixture.CreateAdminClient(adminKey: null);
        using var request = Request("GET", SuppliersPath);
        request.Headers.Add("x-admin-key", [TestSuppliers.AdminKey, TestSuppliers.AdminDigestKey]);

        await HttpAssert.ErrorAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "Missing x-admin-key header.");
    }

    [Fact]
    public async Task Without_admin_keys_configured_every_admin_call_answers_401()
    {
        var settings = TestSuppliers.Settings.Where(s => !s.Key.StartsWith("Nox:AdminApiKey", StringComparison.Ordinal)).ToDictionary();
        await using var host = await INoxApiHost.StartAsync(fixture.Topology, new NoxApiHostOptions { Name = "no-admin-keys", Settings = settings, WithoutCluster = fixture.Topology == Topology.Split });
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-admin-key", TestSuppliers.AdminKey);

        foreach (var (method, path) in Endpoints.Select(row => ((string)row[0], (string)row[1])))
        {
            await HttpAssert.ErrorAsync(await client.SendAsync(Request(method, path)), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public void A_plain_admin_key_under_24_characters_or_a_malformed_digest_keeps_the_process_from_starting_naming_only_the_key()
    {
        var result = new AdminApiKeysOptionsValidator().Validate(null, new AdminApiKeysOptions
        {
            AdminApiKeys = ["short-admin-key", TestSuppliers.AdminKey],
            AdminApiKeySha256 = ["not-a-digest"],
        });

        Assert.True(result.Failed);
        Assert.Equal(["Nox:AdminApiKeys:0 is shorter than 24 characters.", "Nox:AdminApiKeySha256:0 must be 64 hex digits."], result.Failures);
        Assert.DoesNotContain("short-admin-key", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new AdminApiKeysOptionsValidator().Validate(null, new AdminApiKeysOptions()).Succeeded);
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PATCH" ? HttpAssert.Json("{}") : null,
    };
}
