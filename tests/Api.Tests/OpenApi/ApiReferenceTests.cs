using System.Net;

namespace Nox.Api.Tests.OpenApi;

/// <summary><c>/docs</c>: the browsable reference, built from the OpenAPI document and served by the API itself.</summary>
public abstract class ApiReferenceTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : ApiReferenceTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : ApiReferenceTests(fixture);

    [Fact]
    public async Task Docs_serves_the_reference_page_for_both_documents_supplier_first_without_a_key()
    {
        using var client = fixture.CreateClient(apiKey: null);

        var response = await client.GetAsync("/docs/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NOX Authenticator link sessions", html, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\",\"default\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/admin.json\"", html, StringComparison.Ordinal);
        Assert.Contains("\"preferredSecurityScheme\":[\"SupplierApiKey\",\"AdminApiKey\"]", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_without_a_slash_redirects_to_the_page()
    {
        using var client = fixture.CreateClient(apiKey: null);

        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("docs/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_reference_loads_its_script_from_the_api_and_calls_nothing_outside()
    {
        using var client = fixture.CreateClient(apiKey: null);
        var html = await client.GetStringAsync("/docs/");

        var script = await client.GetAsync("/docs/scalar.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }
}
