using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests;

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

    private static string[] EnumOf(JsonElement schema) =>
        [.. schema.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
}
