using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nox.Api.Tests.Administration;
using Nox.LinkSessions;

namespace Nox.Api.Tests.RateLimits;

/// <summary>
/// The supplier rate limit through the API: the RateLimit-Policy and RateLimit headers on every supplier API
/// answer, 429 with Retry-After and a problem body over the limit, and a limit changed by the admin API.
/// </summary>
public abstract partial class SupplierRateLimitTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : SupplierRateLimitTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : SupplierRateLimitTests(fixture);

    private static string AnyTokenPath => $"/v2/supplier/link-sessions/{LinkToken.Mint()}";

    [Fact]
    public async Task Every_supplier_api_answer_carries_the_policy_and_what_remains()
    {
        using var client = fixture.CreateClient();

        var created = await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "u-rate", redirect_url = ApiFixture.AcmeRedirect });
        var notFound = await client.GetAsync(AnyTokenPath);
        var invalid = await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "" });

        foreach (var response in new[] { created, notFound, invalid })
        {
            Assert.Equal("\"supplier\";q=1000;w=1", Header(response, "RateLimit-Policy"));
            Assert.Matches(RateLimitField(), Header(response, "RateLimit"));
        }

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (created.StatusCode, notFound.StatusCode, invalid.StatusCode));
    }

    [Theory]
    [InlineData("/v2/supplier/users/u-rate-unknown")]
    [InlineData("/v2/supplier/webhook-endpoints")]
    [InlineData("/v2/supplier/events")]
    public async Task The_supplier_users_and_webhook_endpoints_carry_the_headers_too(string path)
    {
        using var client = fixture.CreateClient();

        var response = await client.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.Equal("\"supplier\";q=1000;w=1", Header(response, "RateLimit-Policy"));
        Assert.Matches(RateLimitField(), Header(response, "RateLimit"));
    }

    [Fact]
    public async Task Over_the_limit_a_supplier_gets_429_with_retry_after_and_a_problem_body()
    {
        using var admin = fixture.CreateAdminClient();
        var name = AdminCalls.NewName("rate");
        await AdminCalls.CreateSupplierAsync(admin, name, new
        {
            name,
            allowed_redirect_urls = new[] { AdminCalls.RedirectUrl },
            rate_limit = new { permits_per_second = 1, burst = 3 },
        });
        var (_, key) = await AdminCalls.IssueKeyAsync(admin, name);
        using var client = fixture.CreateClient(key);

        var started = DateTimeOffset.UtcNow;
        var answers = new List<HttpResponseMessage>();
        do
        {
            answers.Add(await client.GetAsync(AnyTokenPath));
        }
        while (answers[^1].StatusCode != HttpStatusCode.TooManyRequests && answers.Count < 50);

        var refused = answers[^1];
        var accepted = answers.Count - 1;
        // The burst of 3, plus one a second for however long this took.
        Assert.InRange(accepted, 3, 3 + (int)Math.Ceiling((DateTimeOffset.UtcNow - started).TotalSeconds));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is whole seconds, at least 1");
        Assert.Equal("\"supplier\";q=3;w=1", Header(refused, "RateLimit-Policy"));
        var field = RateLimitField().Match(Header(refused, "RateLimit"));
        Assert.Equal("0", field.Groups["r"].Value);
        Assert.True(int.Parse(field.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Contains("rate limit", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_limit_changed_through_the_admin_api_is_the_one_applied()
    {
        using var admin = fixture.CreateAdminClient();
        var name = await AdminCalls.CreateSupplierAsync(admin);
        var (_, key) = await AdminCalls.IssueKeyAsync(admin, name);
        using var client = fixture.CreateClient(key);
        Assert.Equal("\"supplier\";q=1000;w=1", Header(await client.GetAsync(AnyTokenPath), "RateLimit-Policy"));

        var patched = await admin.SendAsync(AdminCalls.Patch($"{AdminCalls.SuppliersPath}/{name}", new { rate_limit = new { permits_per_second = 1, burst = 2 } }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.GetAsync(AnyTokenPath));
        }

        Assert.All(answers, a => Assert.Equal("\"supplier\";q=2;w=1", Header(a, "RateLimit-Policy")));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : $"(no {name})";

    [GeneratedRegex("""^"supplier";r=(?<r>\d+);t=(?<t>\d+)$""")]
    private static partial Regex RateLimitField();
}
