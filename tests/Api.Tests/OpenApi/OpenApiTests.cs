using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests.OpenApi;

public abstract class OpenApiTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : OpenApiTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : OpenApiTests(fixture);

    [Fact]
    public async Task The_openapi_document_describes_the_three_supplier_endpoints()
    {
        using var client = fixture.CreateClient(apiKey: null);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.True(paths.GetProperty("/v2/supplier/link-sessions").TryGetProperty("post", out var create));
        Assert.True(paths.GetProperty("/v2/supplier/link-sessions/{link_token}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v2/supplier/link-sessions/{link_token}/expire").TryGetProperty("post", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_enums_with_their_wire_names()
    {
        using var client = fixture.CreateClient(apiKey: null);
        var text = await client.GetStringAsync("/openapi/v1.json");
        var schemas = JsonDocument.Parse(text).RootElement.GetProperty("components").GetProperty("schemas");

        Assert.Equal(
            ["alpha innotec", "bulex", "daikin", "dewarmte", "lg", "mitsubishi", "nibe", "saunier duval", "toshiba", "thermia", "vaillant", "viessmann"],
            EnumOf(schemas.GetProperty("Brand")));
        Assert.Equal(["nl", "en", "fr", "es"], EnumOf(schemas.GetProperty("Language")));
        Assert.Equal(["pending", "completed", "expired"], EnumOf(schemas.GetProperty("LinkSessionStatus")));
        Assert.True(schemas.GetProperty("CreateLinkSessionRequest").GetProperty("properties").TryGetProperty("user_id", out _));
    }

    [Fact]
    public async Task Every_answer_of_every_operation_is_in_the_document()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        Assert.Equal(["201", "400", "401", "409", "413", "415", "422", "429", "503"], Responses(paths, "/v2/supplier/link-sessions", "post"));
        Assert.Equal(["200", "401", "404", "429", "503"], Responses(paths, "/v2/supplier/link-sessions/{link_token}", "get"));
        Assert.Equal(["200", "401", "404", "409", "429", "503"], Responses(paths, "/v2/supplier/link-sessions/{link_token}/expire", "post"));
        Assert.Equal(["200", "400", "403", "404", "409", "410", "413", "415", "429", "503"], Responses(paths, "/v2/link-sessions/{link_token}/complete", "post"));
        foreach (var error in paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).SelectMany(o => o.Value.GetProperty("responses").EnumerateObject()).Where(r => r.Name[0] is '4' or '5'))
        {
            Assert.Equal("#/components/schemas/ProblemDetails", error.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }
    }

    [Fact]
    public async Task The_create_operation_documents_the_idempotency_key_header_with_its_rules_and_the_replayed_header()
    {
        var create = (await DocumentAsync()).GetProperty("paths").GetProperty("/v2/supplier/link-sessions").GetProperty("post");

        var parameter = Assert.Single(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", parameter.GetProperty("in").GetString());
        Assert.False(parameter.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Contains("24 hours", parameter.GetProperty("description").GetString(), StringComparison.Ordinal);
        var schema = parameter.GetProperty("schema");
        Assert.Equal("string", schema.GetProperty("type").GetString());
        Assert.Equal(1, schema.GetProperty("minLength").GetInt32());
        Assert.Equal(255, schema.GetProperty("maxLength").GetInt32());
        Assert.Equal("^[\\x20-\\x7E]+$", schema.GetProperty("pattern").GetString());
        Assert.True(create.GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty("Idempotent-Replayed", out _));
        foreach (var other in new[] { ("/v2/supplier/link-sessions/{link_token}", "get"), ("/v2/supplier/link-sessions/{link_token}/expire", "post") })
        {
            var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(other.Item1).GetProperty(other.Item2);
            Assert.DoesNotContain("Idempotency-Key", operation.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Problem_details_in_the_document_carry_error_and_field()
    {
        var problem = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");

        Assert.True(problem.GetProperty("properties").TryGetProperty("error", out _));
        Assert.True(problem.GetProperty("properties").TryGetProperty("field", out _));
        Assert.Contains("error", problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_supplier_operations_require_the_x_api_key_scheme_and_the_complete_operation_none()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("SupplierApiKey");
        var paths = document.GetProperty("paths");

        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("x-api-key", scheme.GetProperty("name").GetString());
        foreach (var (path, method) in new[] { ("/v2/supplier/link-sessions", "post"), ("/v2/supplier/link-sessions/{link_token}", "get"), ("/v2/supplier/link-sessions/{link_token}/expire", "post") })
        {
            var requirement = Assert.Single(paths.GetProperty(path).GetProperty(method).GetProperty("security").EnumerateArray());
            Assert.Equal(["SupplierApiKey"], requirement.EnumerateObject().Select(p => p.Name));
        }

        var anonymous = Assert.Single(paths.GetProperty("/v2/link-sessions/{link_token}/complete").GetProperty("post").GetProperty("security").EnumerateArray());
        Assert.Empty(anonymous.EnumerateObject());
    }

    [Fact]
    public async Task The_document_names_its_server_license_and_tags()
    {
        var document = await DocumentAsync();

        Assert.Equal(ApiFixture.PublicBaseUrl, Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(document.GetProperty("info").GetProperty("license").GetProperty("name").GetString()));
        Assert.Equal(
            ["Authenticator UI", "Supplier link sessions", "Supplier users", "Supplier webhooks"],
            document.GetProperty("tags").EnumerateArray().Where(t => !string.IsNullOrEmpty(t.GetProperty("description").GetString())).Select(t => t.GetProperty("name").GetString()).Order());
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = fixture.CreateClient(apiKey: null);
        return await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    private static string[] Responses(JsonElement paths, string path, string method) =>
        [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order()];

    private static string[] EnumOf(JsonElement schema) =>
        [.. schema.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
}
