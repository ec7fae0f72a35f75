namespace Nox.Api.Tests.OpenApi;

/// <summary>The document as client generators need it: Redocly's recommended rules find nothing to report.</summary>
public abstract class OpenApiLintTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : OpenApiLintTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : OpenApiLintTests(fixture);

    [Fact]
    public async Task The_served_document_passes_redocly_lint_with_the_recommended_rules()
    {
        using var client = fixture.CreateClient(apiKey: null);
        var document = await client.GetStringAsync("/openapi/v1.json");

        var report = await RedoclyLint.RunAsync(document);

        Assert.True(report is { Errors: 0, Warnings: 0 }, report.ToString());
    }
}

/// <summary>The lint is not a pass-through: what the document once lacked, it reports as errors.</summary>
public sealed class RedoclyLintTests
{
    [Fact]
    public async Task The_lint_reports_a_missing_security_scheme_and_a_trailing_slash_server_as_errors()
    {
        const string document = """
            {
              "openapi": "3.1.1",
              "info": { "title": "t", "version": "1", "license": { "name": "Proprietary", "identifier": "LicenseRef-X" } },
              "servers": [ { "url": "https://api.nox.test/" } ],
              "tags": [ { "name": "t", "description": "d" } ],
              "paths": {
                "/things": {
                  "get": {
                    "tags": [ "t" ],
                    "summary": "Get things",
                    "operationId": "GetThings",
                    "responses": { "200": { "description": "OK" }, "400": { "description": "Bad Request" } }
                  }
                }
              }
            }
            """;

        var report = await RedoclyLint.RunAsync(document);

        Assert.Equal(2, report.Errors);
        Assert.Equal(["no-server-trailing-slash", "security-defined"], report.RuleIds.Order());
    }
}
