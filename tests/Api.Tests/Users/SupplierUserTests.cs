using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Api.Tests.LinkSessions;

namespace Nox.Api.Tests.Users;

/// <summary>The supplier's users API (<c>/v2/supplier/users/{user_id}</c>) for every status, in both topologies.</summary>
public abstract class SupplierUserTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : SupplierUserTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : SupplierUserTests(fixture);

    private static string NewUserId() => $"users-{Guid.NewGuid():N}";

    private static string PathOf(string userId) => $"/v2/supplier/users/{Uri.EscapeDataString(userId)}";

    /// <summary>Creates and completes a session for the user with the brand; answers the redirect's data.</summary>
    private async Task<JsonElement> LinkAsync(string userId, string brand, string apiKey = ApiFixture.AcmeKey, string redirectUrl = ApiFixture.AcmeRedirect)
    {
        var token = (await fixture.CreateSessionAsync(new { user_id = userId, redirect_url = redirectUrl }, apiKey)).GetProperty("link_token").GetString()!;
        using var page = fixture.CreateClient(apiKey: null);
        var response = await page.PostAsJsonAsync($"/v2/link-sessions/{token}/complete", new { brand });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return RedirectData.Decode((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirect_to").GetString()!);
    }

    [Fact]
    public async Task A_linked_user_is_200_with_its_nox_user_id_and_brands_in_brand_order()
    {
        var userId = NewUserId();
        var nibe = await LinkAsync(userId, "nibe");
        var daikin = await LinkAsync(userId, "daikin");
        using var client = fixture.CreateClient();

        var response = await client.GetAsync(PathOf(userId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var user = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["nox_user_id", "supplier_user_id", "brands"], user.EnumerateObject().Select(p => p.Name));
        Assert.Equal(nibe.GetProperty("nox_user_id").GetString(), user.GetProperty("nox_user_id").GetString());
        Assert.Equal(userId, user.GetProperty("supplier_user_id").GetString());
        var brands = user.GetProperty("brands").EnumerateArray().ToArray();
        Assert.Equal(["daikin", "nibe"], brands.Select(b => b.GetProperty("brand").GetString()));
        Assert.Equal(["brand", "device_ids", "connected_at"], brands[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(daikin.GetProperty("device_ids").GetRawText(), brands[0].GetProperty("device_ids").GetRawText());
        Assert.Equal(nibe.GetProperty("connected_at").GetInt64(), brands[1].GetProperty("connected_at").GetInt64());
    }

    [Fact]
    public async Task An_unknown_user_is_404()
    {
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await client.GetAsync(PathOf(NewUserId())), HttpStatusCode.NotFound, "user");
    }

    [Fact]
    public async Task Another_suppliers_user_with_the_same_user_id_is_404_and_cannot_be_deleted()
    {
        var userId = NewUserId();
        await LinkAsync(userId, "vaillant");
        using var globex = fixture.CreateClient(ApiFixture.GlobexKey);
        using var acme = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await globex.GetAsync(PathOf(userId)), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await globex.DeleteAsync(PathOf(userId))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync(PathOf(userId))).StatusCode);
    }

    /// <remarks>A '/' (%2F) and bytes that are not UTF-8 need Kestrel, which keeps the raw target: see the browser suite's UserPathTests.</remarks>
    [Theory]
    [InlineData("100%25 off")]
    [InlineData("100% off")]
    [InlineData("Zoë Ünal ✓ 🙂")]
    [InlineData("?#&=+")]
    public async Task A_percent_encoded_user_id_is_read_exactly_once(string userId)
    {
        await LinkAsync(userId, "lg");
        using var client = fixture.CreateClient();

        var user = await client.GetFromJsonAsync<JsonElement>(PathOf(userId));

        Assert.Equal(userId, user.GetProperty("supplier_user_id").GetString());
    }

    [Theory]
    [InlineData("%01abc")]
    [InlineData("a%E2%80%8Bb")]
    [InlineData("a%E2%80%AEb")]
    public async Task A_user_id_that_breaks_its_rules_is_400_with_the_field(string encoded)
    {
        using var client = fixture.CreateClient();

        foreach (var response in new[]
        {
            await client.GetAsync($"/v2/supplier/users/{encoded}"),
            await client.DeleteAsync($"/v2/supplier/users/{encoded}"),
            await client.DeleteAsync($"/v2/supplier/users/{encoded}/brands/daikin"),
        })
        {
            var body = await HttpAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "user_id");
            Assert.Equal("user_id", body.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Deleting_a_user_is_204_erases_it_and_a_later_link_gets_a_new_nox_user_id()
    {
        var userId = NewUserId();
        var first = await LinkAsync(userId, "daikin");
        await LinkAsync(userId, "thermia");
        using var client = fixture.CreateClient();

        var deleted = await client.DeleteAsync(PathOf(userId));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, deleted.Content.Headers.ContentLength ?? 0);
        await HttpAssert.ErrorAsync(await client.GetAsync(PathOf(userId)), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(PathOf(userId))).StatusCode);

        var again = await LinkAsync(userId, "daikin");
        Assert.NotEqual(first.GetProperty("nox_user_id").GetString(), again.GetProperty("nox_user_id").GetString());
        var user = await client.GetFromJsonAsync<JsonElement>(PathOf(userId));
        Assert.Equal(["daikin"], user.GetProperty("brands").EnumerateArray().Select(b => b.GetProperty("brand").GetString()));
    }

    [Fact]
    public async Task Deleting_an_unknown_user_is_204()
    {
        using var client = fixture.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(PathOf(NewUserId()))).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_brand_is_204_and_erases_only_that_brand()
    {
        var userId = NewUserId();
        var linked = await LinkAsync(userId, "saunier duval");
        await LinkAsync(userId, "bulex");
        using var client = fixture.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{PathOf(userId)}/brands/saunier%20duval")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{PathOf(userId)}/brands/saunier%20duval")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{PathOf(NewUserId())}/brands/bulex")).StatusCode);

        var user = await client.GetFromJsonAsync<JsonElement>(PathOf(userId));
        Assert.Equal(linked.GetProperty("nox_user_id").GetString(), user.GetProperty("nox_user_id").GetString());
        Assert.Equal(["bulex"], user.GetProperty("brands").EnumerateArray().Select(b => b.GetProperty("brand").GetString()));
    }

    [Theory]
    [InlineData("Daikin")]
    [InlineData("tesla")]
    [InlineData("saunier-duval")]
    public async Task Deleting_an_unknown_brand_is_400_with_the_field(string brand)
    {
        using var client = fixture.CreateClient();

        var body = await HttpAssert.ErrorAsync(await client.DeleteAsync($"{PathOf(NewUserId())}/brands/{brand}"), HttpStatusCode.BadRequest, "brand");

        Assert.Equal("brand", body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task Every_users_call_needs_the_suppliers_api_key(string? apiKey)
    {
        using var client = fixture.CreateClient(apiKey);

        await HttpAssert.ErrorAsync(await client.GetAsync(PathOf("someone")), HttpStatusCode.Unauthorized);
        await HttpAssert.ErrorAsync(await client.DeleteAsync(PathOf("someone")), HttpStatusCode.Unauthorized);
        await HttpAssert.ErrorAsync(await client.DeleteAsync($"{PathOf("someone")}/brands/daikin"), HttpStatusCode.Unauthorized);
    }
}
