using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests.OpenApi;

/// <summary>
/// The admin API's own document (<c>/openapi/admin.json</c>): every operation and answer, its key scheme, the
/// request rules; and the supplier document, which suppliers' tooling reads, holds none of it.
/// </summary>
public abstract class AdminOpenApiTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : AdminOpenApiTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : AdminOpenApiTests(fixture);

    [Fact]
    public async Task Every_answer_of_every_admin_operation_is_in_the_admin_document()
    {
        var paths = (await DocumentAsync("admin")).GetProperty("paths");

        Assert.Equal(["201", "400", "401", "409", "413", "415", "503"], Responses(paths, "/v2/admin/suppliers", "post"));
        Assert.Equal(["200", "401", "503"], Responses(paths, "/v2/admin/suppliers", "get"));
        Assert.Equal(["200", "401", "404", "503"], Responses(paths, "/v2/admin/suppliers/{name}", "get"));
        Assert.Equal(["200", "400", "401", "404", "413", "415", "503"], Responses(paths, "/v2/admin/suppliers/{name}", "patch"));
        Assert.Equal(["204", "401", "404", "503"], Responses(paths, "/v2/admin/suppliers/{name}", "delete"));
        Assert.Equal(["201", "400", "401", "404", "413", "415", "503"], Responses(paths, "/v2/admin/suppliers/{name}/api-keys", "post"));
        Assert.Equal(["200", "401", "404", "503"], Responses(paths, "/v2/admin/suppliers/{name}/api-keys", "get"));
        Assert.Equal(["201", "400", "401", "404", "409", "413", "415", "503"], Responses(paths, "/v2/admin/suppliers/{name}/api-keys/{id}/rotate", "post"));
        Assert.Equal(["204", "401", "404", "503"], Responses(paths, "/v2/admin/suppliers/{name}/api-keys/{id}", "delete"));
        Assert.Equal(5, paths.EnumerateObject().Count());
    }

    [Fact]
    public async Task Every_admin_operation_requires_the_x_admin_key_scheme_under_its_own_tag()
    {
        var document = await DocumentAsync("admin");
        var scheme = Assert.Single(document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject());

        Assert.Equal("AdminApiKey", scheme.Name);
        Assert.Equal(("apiKey", "header", "x-admin-key"), (scheme.Value.GetProperty("type").GetString(), scheme.Value.GetProperty("in").GetString(), scheme.Value.GetProperty("name").GetString()));
        Assert.Equal(["Supplier administration"], document.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            var requirement = Assert.Single(operation.Value.GetProperty("security").EnumerateArray());
            Assert.Equal(["AdminApiKey"], requirement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["Supplier administration"], operation.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }
    }

    [Fact]
    public async Task The_supplier_document_holds_no_admin_operation_scheme_or_tag()
    {
        var text = await GetStringAsync("/openapi/v1.json");
        var document = JsonDocument.Parse(text).RootElement;

        Assert.DoesNotContain("/v2/admin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("x-admin-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Supplier administration", text, StringComparison.Ordinal);
        Assert.Equal(["SupplierApiKey"], document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name));
    }

    [Fact]
    public async Task The_admin_document_states_the_request_rules_the_readers_enforce()
    {
        var schemas = (await DocumentAsync("admin")).GetProperty("components").GetProperty("schemas");

        var create = schemas.GetProperty("CreateSupplierRequest");
        Assert.Equal(["allowed_redirect_urls", "name"], create.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.Equal("^[a-z0-9][a-z0-9-]{1,62}$", create.GetProperty("properties").GetProperty("name").GetProperty("pattern").GetString());
        Assert.Equal(100, create.GetProperty("properties").GetProperty("allowed_redirect_urls").GetProperty("maxItems").GetInt32());
        var limits = schemas.GetProperty("RateLimitRequest").GetProperty("properties");
        Assert.Equal(1, limits.GetProperty("burst").GetProperty("minimum").GetInt32());
        Assert.Equal(1_000_000, limits.GetProperty("permits_per_second").GetProperty("maximum").GetInt32());
        var grace = schemas.GetProperty("RotateApiKeyRequest").GetProperty("properties").GetProperty("grace_seconds");
        Assert.Equal((0, 604_800, 86_400), (grace.GetProperty("minimum").GetInt32(), grace.GetProperty("maximum").GetInt32(), grace.GetProperty("default").GetInt32()));
        Assert.Equal(["api", "configuration"], schemas.GetProperty("SupplierSource").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_admin_document_passes_redocly_lint_with_the_recommended_rules()
    {
        var report = await RedoclyLint.RunAsync(await GetStringAsync("/openapi/admin.json"));

        Assert.True(report is { Errors: 0, Warnings: 0 }, report.ToString());
    }

    private async Task<string> GetStringAsync(string path)
    {
        using var client = fixture.CreateClient(apiKey: null);
        return await client.GetStringAsync(path);
    }

    private async Task<JsonElement> DocumentAsync(string name)
    {
        using var client = fixture.CreateClient(apiKey: null);
        return await client.GetFromJsonAsync<JsonElement>($"/openapi/{name}.json");
    }

    private static string[] Responses(JsonElement paths, string path, string method) =>
        [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order()];
}
