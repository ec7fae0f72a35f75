using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests;

/// <summary>Every error has one shape, written by one writer: problem details plus error (and field).</summary>
public abstract class ProblemDetailsTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : ProblemDetailsTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : ProblemDetailsTests(fixture);

    [Fact]
    public async Task A_validation_error_has_the_problem_members_error_and_field()
    {
        using var client = fixture.CreateClient();

        var response = await client.PostAsync("/v2/supplier/link-sessions", HttpAssert.Json("""{"redirect_url":"https://acme.example/return"}"""));

        var body = await HttpAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["type", "title", "status", "detail", "error", "field"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://httpstatuses.io/400", body.GetProperty("type").GetString());
        Assert.Equal("Bad Request", body.GetProperty("title").GetString());
        Assert.Equal("user_id is required.", body.GetProperty("detail").GetString());
        Assert.Equal(body.GetProperty("detail").GetString(), body.GetProperty("error").GetString());
        Assert.Equal("user_id", body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("POST", "/v2/supplier/link-sessions", "x-api-key", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/v2/nothing-here", null, HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/v2/supplier/link-sessions", null, HttpStatusCode.MethodNotAllowed)]
    public async Task An_error_without_a_field_has_the_problem_members_and_error(string method, string path, string? fragment, HttpStatusCode status)
    {
        using var client = fixture.CreateClient(apiKey: null);

        var body = await HttpAssert.ErrorAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), status, fragment);

        Assert.Equal(["type", "title", "status", "detail", "error"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(body.GetProperty("detail").GetString(), body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Errors_are_problem_json_whatever_the_client_accepts(string accept)
    {
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);

        var invalid = await client.PostAsync("/v2/supplier/link-sessions", HttpAssert.Json("""{"user_id":""}"""));
        var unknown = await client.GetAsync("/v2/nothing-here");
        using var anonymous = fixture.CreateClient(apiKey: null);
        anonymous.DefaultRequestHeaders.Accept.ParseAdd(accept);
        var unauthorized = await anonymous.GetAsync("/v2/supplier/link-sessions/x");

        Assert.Equal("user_id", (await HttpAssert.ErrorAsync(invalid, HttpStatusCode.BadRequest, "1 to 255")).GetProperty("field").GetString());
        await HttpAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "Not found.");
        await HttpAssert.ErrorAsync(unauthorized, HttpStatusCode.Unauthorized, "Missing x-api-key header.");
    }

    [Fact]
    public async Task A_content_type_the_route_refuses_is_a_415_that_says_what_it_takes()
    {
        using var client = fixture.CreateClient();

        var response = await client.PostAsync("/v2/supplier/link-sessions", HttpAssert.Json("user_id=u", "application/x-www-form-urlencoded"));

        await HttpAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }
}
