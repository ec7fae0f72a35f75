using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Nox.Api.Tests.Administration.AdminCalls;

namespace Nox.Api.Tests.Administration;

/// <summary>Every answer of the supplier calls of the admin API: create, list, retrieve, change, delete.</summary>
public abstract class AdminSupplierTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : AdminSupplierTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : AdminSupplierTests(fixture);

    [Fact]
    public async Task Create_answers_201_with_the_supplier_its_location_and_the_default_rate_limit()
    {
        using var admin = fixture.CreateAdminClient();
        var name = NewName();

        var response = await admin.PostAsJsonAsync(SuppliersPath, new { name, allowed_redirect_urls = new[] { RedirectUrl, RedirectUrl } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{SuppliersPath}/{name}", response.Headers.Location?.OriginalString);
        var supplier = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["name", "display_name", "allowed_redirect_urls", "rate_limit", "created_at", "source"], supplier.EnumerateObject().Select(p => p.Name));
        Assert.Equal(name, supplier.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, supplier.GetProperty("display_name").ValueKind);
        Assert.Equal([RedirectUrl], supplier.GetProperty("allowed_redirect_urls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(500, supplier.GetProperty("rate_limit").GetProperty("permits_per_second").GetInt32());
        Assert.Equal(1000, supplier.GetProperty("rate_limit").GetProperty("burst").GetInt32());
        Assert.Equal(fixture.Clock.GetUtcNow().ToUnixTimeSeconds(), supplier.GetProperty("created_at").GetInt64());
        Assert.Equal("api", supplier.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Create_keeps_a_display_name_and_a_rate_limit_and_a_missing_rate_limit_member_defaults()
    {
        using var admin = fixture.CreateAdminClient();

        var response = await admin.PostAsJsonAsync(SuppliersPath, new { name = NewName(), display_name = "Acme Énergie", allowed_redirect_urls = Array.Empty<string>(), rate_limit = new { burst = 20 } });

        var supplier = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Acme Énergie", supplier.GetProperty("display_name").GetString());
        Assert.Equal(500, supplier.GetProperty("rate_limit").GetProperty("permits_per_second").GetInt32());
        Assert.Equal(20, supplier.GetProperty("rate_limit").GetProperty("burst").GetInt32());
    }

    public static TheoryData<string, string> InvalidCreations => new()
    {
        { "[]", "" },
        { """{"allowed_redirect_urls": []}""", "name" },
        { """{"name": null, "allowed_redirect_urls": []}""", "name" },
        { """{"name": 42, "allowed_redirect_urls": []}""", "name" },
        { """{"name": "Acme", "allowed_redirect_urls": []}""", "name" },
        { """{"name": "a", "allowed_redirect_urls": []}""", "name" },
        { """{"name": "-acme", "allowed_redirect_urls": []}""", "name" },
        { """{"name": "acme_energy", "allowed_redirect_urls": []}""", "name" },
        { """{"name": "acme\n", "allowed_redirect_urls": []}""", "name" },
        { $$"""{"name": "{{new string('a', 64)}}", "allowed_redirect_urls": []}""", "name" },
        { """{"name": "valid-name", "display_name": 7, "allowed_redirect_urls": []}""", "display_name" },
        { """{"name": "valid-name", "display_name": "", "allowed_redirect_urls": []}""", "display_name" },
        { """{"name": "valid-name", "display_name": "a\u0007b", "allowed_redirect_urls": []}""", "display_name" },
        { $$"""{"name": "valid-name", "display_name": "{{new string('d', 201)}}", "allowed_redirect_urls": []}""", "display_name" },
        { """{"name": "valid-name"}""", "allowed_redirect_urls" },
        { """{"name": "valid-name", "allowed_redirect_urls": "https://a.example/"}""", "allowed_redirect_urls" },
        { """{"name": "valid-name", "allowed_redirect_urls": [1]}""", "allowed_redirect_urls" },
        { """{"name": "valid-name", "allowed_redirect_urls": ["ftp://a.example/"]}""", "allowed_redirect_urls" },
        { """{"name": "valid-name", "allowed_redirect_urls": ["http://a.example/"]}""", "allowed_redirect_urls" },
        { """{"name": "valid-name", "allowed_redirect_urls": ["/relative"]}""", "allowed_redirect_urls" },
        { $$"""{"name": "valid-name", "allowed_redirect_urls": [{{string.Join(',', Enumerable.Repeat("\"https://a.example/\"", 101))}}]}""", "allowed_redirect_urls" },
        { """{"name": "valid-name", "allowed_redirect_urls": [], "rate_limit": 5}""", "rate_limit" },
        { """{"name": "valid-name", "allowed_redirect_urls": [], "rate_limit": {"permits_per_second": 0}}""", "rate_limit.permits_per_second" },
        { """{"name": "valid-name", "allowed_redirect_urls": [], "rate_limit": {"permits_per_second": 1.5}}""", "rate_limit.permits_per_second" },
        { """{"name": "valid-name", "allowed_redirect_urls": [], "rate_limit": {"permits_per_second": "10"}}""", "rate_limit.permits_per_second" },
        { """{"name": "valid-name", "allowed_redirect_urls": [], "rate_limit": {"burst": -1}}""", "rate_limit.burst" },
        { """{"name": "valid-name", "allowed_redirect_urls": [], "rate_limit": {"burst": 1000001}}""", "rate_limit.burst" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreations))]
    public async Task Create_answers_400_naming_the_member_at_fault(string body, string field)
    {
        using var admin = fixture.CreateAdminClient();

        var response = await admin.PostAsync(SuppliersPath, HttpAssert.Json(body));

        var problem = await HttpAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        if (field.Length == 0)
        {
            Assert.False(problem.TryGetProperty("field", out _));
        }
        else
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{SuppliersPath}/valid-name")).StatusCode);
    }

    [Fact]
    public async Task Create_answers_409_for_a_name_that_exists_also_one_from_configuration()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        await HttpAssert.ErrorAsync(await admin.PostAsJsonAsync(SuppliersPath, new { name, allowed_redirect_urls = Array.Empty<string>() }), HttpStatusCode.Conflict, "already exists");
        await HttpAssert.ErrorAsync(await admin.PostAsJsonAsync(SuppliersPath, new { name = "acme", allowed_redirect_urls = Array.Empty<string>() }), HttpStatusCode.Conflict, "already exists");
    }

    [Fact]
    public async Task Create_answers_409_for_the_name_of_a_deleted_supplier()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{SuppliersPath}/{name}")).StatusCode);

        await HttpAssert.ErrorAsync(await admin.PostAsJsonAsync(SuppliersPath, new { name, allowed_redirect_urls = Array.Empty<string>() }), HttpStatusCode.Conflict, "was deleted");
    }

    [Fact]
    public async Task Create_answers_415_for_a_body_that_is_not_json_and_413_for_one_over_16_kib()
    {
        using var admin = fixture.CreateAdminClient();

        await HttpAssert.ErrorAsync(await admin.PostAsync(SuppliersPath, new StringContent("name=acme")), HttpStatusCode.UnsupportedMediaType);
        await HttpAssert.ErrorAsync(await admin.PostAsync(SuppliersPath, HttpAssert.Json($$"""{"name": "big", "display_name": "{{new string('x', 17 * 1024)}}"}""")), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task List_answers_every_supplier_by_name_with_its_source()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        var response = await admin.GetAsync(SuppliersPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").EnumerateArray().ToList();
        var names = data.Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("api", data.Single(s => s.GetProperty("name").GetString() == name).GetProperty("source").GetString());
        Assert.Equal("configuration", data.Single(s => s.GetProperty("name").GetString() == "acme").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Retrieve_answers_the_supplier_and_404_for_a_name_that_does_not_exist()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        var found = await admin.GetAsync($"{SuppliersPath}/{name}");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(name, (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        await HttpAssert.ErrorAsync(await admin.GetAsync($"{SuppliersPath}/{NewName()}"), HttpStatusCode.NotFound, "No supplier named");
        await HttpAssert.ErrorAsync(await admin.GetAsync($"{SuppliersPath}/{new string('x', 300)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Change_sets_the_members_given_keeps_the_others_and_applies_the_allow_list_at_once()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);
        var (_, key) = await IssueKeyAsync(admin, name);
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, key));

        var response = await admin.SendAsync(Patch($"{SuppliersPath}/{name}", new { display_name = "Renamed", allowed_redirect_urls = new[] { "https://moved.example/return" }, rate_limit = new { permits_per_second = 9 } }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var supplier = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Renamed", supplier.GetProperty("display_name").GetString());
        Assert.Equal(["https://moved.example/return"], supplier.GetProperty("allowed_redirect_urls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal((9, 1000), (supplier.GetProperty("rate_limit").GetProperty("permits_per_second").GetInt32(), supplier.GetProperty("rate_limit").GetProperty("burst").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, await CreateSessionAsync(client, key));
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, key, "https://moved.example/return"));

        var cleared = await admin.SendAsync(Patch($"{SuppliersPath}/{name}", new { display_name = (string?)null }));
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("display_name").ValueKind);
        var unchanged = await admin.SendAsync(Patch($"{SuppliersPath}/{name}", new { }));
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal(9, (await unchanged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rate_limit").GetProperty("permits_per_second").GetInt32());
    }

    [Theory]
    [InlineData("""{"name": "other"}""", "name")]
    [InlineData("""{"display_name": ""}""", "display_name")]
    [InlineData("""{"allowed_redirect_urls": null}""", "allowed_redirect_urls")]
    [InlineData("""{"allowed_redirect_urls": ["http://a.example/"]}""", "allowed_redirect_urls")]
    [InlineData("""{"rate_limit": null}""", "rate_limit")]
    [InlineData("""{"rate_limit": {"burst": 0}}""", "rate_limit.burst")]
    public async Task Change_answers_400_naming_the_member_at_fault_and_changes_nothing(string body, string field)
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        var problem = await HttpAssert.ErrorAsync(await admin.PatchAsync($"{SuppliersPath}/{name}", HttpAssert.Json(body)), HttpStatusCode.BadRequest);

        Assert.Equal(field, problem.GetProperty("field").GetString());
        var supplier = await admin.GetFromJsonAsync<JsonElement>($"{SuppliersPath}/{name}");
        Assert.Equal([RedirectUrl], supplier.GetProperty("allowed_redirect_urls").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public async Task Change_answers_404_for_a_supplier_that_does_not_exist_and_415_for_a_body_that_is_not_json()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await CreateSupplierAsync(admin);

        await HttpAssert.ErrorAsync(await admin.SendAsync(Patch($"{SuppliersPath}/{NewName()}", new { display_name = "x" })), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await admin.PatchAsync($"{SuppliersPath}/{name}", new StringContent("display_name=x")), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_configuration_supplier_can_be_changed_and_keeps_its_source()
    {
        using var admin = fixture.CreateAdminClient();

        var response = await admin.SendAsync(Patch($"{SuppliersPath}/globex", new { display_name = "Globex" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var supplier = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Globex", "configuration"), (supplier.GetProperty("display_name").GetString(), supplier.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Delete_answers_204_every_key_stops_working_at_once_and_the_supplier_is_gone()
    {
        using var admin = fixture.CreateAdminClient();
        using var client = fixture.CreateClient(apiKey: null);
        var name = await CreateSupplierAsync(admin);
        var (_, first) = await IssueKeyAsync(admin, name);
        var (_, second) = await IssueKeyAsync(admin, name);
        Assert.Equal(HttpStatusCode.Created, await CreateSessionAsync(client, first));

        var response = await admin.DeleteAsync($"{SuppliersPath}/{name}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSessionAsync(client, first));
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateSessionAsync(client, second));
        await HttpAssert.ErrorAsync(await admin.GetAsync($"{SuppliersPath}/{name}"), HttpStatusCode.NotFound);
        await HttpAssert.ErrorAsync(await admin.GetAsync($"{SuppliersPath}/{name}/api-keys"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(name, await admin.GetStringAsync(SuppliersPath), StringComparison.Ordinal);
        await HttpAssert.ErrorAsync(await admin.DeleteAsync($"{SuppliersPath}/{name}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_answers_404_for_a_supplier_that_does_not_exist()
    {
        using var admin = fixture.CreateAdminClient();

        await HttpAssert.ErrorAsync(await admin.DeleteAsync($"{SuppliersPath}/{NewName()}"), HttpStatusCode.NotFound, "No supplier named");
    }
}
