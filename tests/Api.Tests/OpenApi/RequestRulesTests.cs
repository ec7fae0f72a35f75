using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nox.Testing;

namespace Nox.Api.Tests.OpenApi;

/// <summary>
/// The OpenAPI document and the request readers cannot disagree: for every rule the document states about
/// a request body, a request at the bound is accepted and one past it is refused with 400 naming the
/// member. A rule the document gains that these tests cannot probe fails them, so none goes unchecked.
/// </summary>
public abstract class RequestRulesTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : RequestRulesTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : RequestRulesTests(fixture);

    /// <summary>Keywords that only describe; every other keyword of a member's schema is a rule to probe.</summary>
    private static readonly HashSet<string> Annotations = ["description", "title", "examples", "example"];

    /// <summary>Redirect URLs, some of which break the document's pattern; those must be refused.</summary>
    private static readonly string[] RedirectUrlCandidates =
    [
        "http://acme.example/return",
        "HTTPS://acme.example/return",
        "ftp://acme.example/return",
        "//acme.example/return",
        "/return",
        "acme.example/return",
        "http://localhost.evil.example/return",
        "http://127.0.0.1@evil.example/return",
        "http://localhost:80x/",
        " https://acme.example/return",
    ];

    [Fact]
    public async Task Every_rule_of_the_create_request_in_the_document_holds()
    {
        var schemas = await SchemasAsync();
        var probe = new Probe(
            schemas,
            schemas.GetProperty("CreateLinkSessionRequest"),
            Valid: () => new JsonObject { ["user_id"] = "u", ["redirect_url"] = ApiFixture.AcmeRedirect },
            Accepted: HttpStatusCode.Created,
            SendAsync: async body =>
            {
                using var client = fixture.CreateClient();
                return await client.PostAsync("/v2/supplier/link-sessions", HttpAssert.Json(body.ToJsonString()));
            },
            AcceptedStrings: member => member == "redirect_url" ? AcmeRedirectUrls() : []);

        var probed = await probe.AllRulesAsync();

        // The document states at least the rules the contract gives the create call.
        Assert.Superset(
            new HashSet<string>
            {
                "required user_id", "required redirect_url", "user_id type", "user_id minLength", "user_id maxLength",
                "redirect_url type", "redirect_url pattern", "redirect_url format", "brand enum", "language enum", "language default",
            },
            probed);
    }

    [Fact]
    public async Task Every_rule_of_the_complete_request_in_the_document_holds()
    {
        var schemas = await SchemasAsync();
        var probe = new Probe(
            schemas,
            schemas.GetProperty("CompleteLinkSessionRequest"),
            Valid: () => new JsonObject { ["brand"] = "daikin" },
            Accepted: HttpStatusCode.OK,
            SendAsync: async body =>
            {
                // Each probe completes a session of its own: one that is still pending.
                var token = (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString();
                using var client = fixture.CreateClient(apiKey: null);
                return await client.PostAsync($"/v2/link-sessions/{token}/complete", HttpAssert.Json(body.ToJsonString()));
            },
            AcceptedStrings: _ => []);

        var probed = await probe.AllRulesAsync();

        Assert.Superset(new HashSet<string> { "required brand", "brand enum" }, probed);
    }

    private async Task<JsonElement> SchemasAsync()
    {
        using var client = fixture.CreateClient(apiKey: null);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        return document.GetProperty("components").GetProperty("schemas");
    }

    private static IEnumerable<string> AcmeRedirectUrls() =>
        TestSuppliers.Settings.Where(s => s.Key.StartsWith("Nox:Suppliers:0:AllowedRedirectUrls:", StringComparison.Ordinal)).Select(s => s.Value!);

    private sealed record Probe(
        JsonElement Schemas,
        JsonElement Request,
        Func<JsonObject> Valid,
        HttpStatusCode Accepted,
        Func<JsonObject, Task<HttpResponseMessage>> SendAsync,
        Func<string, IEnumerable<string>> AcceptedStrings)
    {
        /// <summary>Probes every rule of the request schema; returns the rules probed ("member keyword").</summary>
        public async Task<HashSet<string>> AllRulesAsync()
        {
            var probed = new HashSet<string>();
            var required = Request.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(e => e.GetString()!).ToHashSet() : [];
            foreach (var member in Request.GetProperty("properties").EnumerateObject())
            {
                if (required.Contains(member.Name))
                {
                    await RefusedAsync(member.Name, Without(member.Name), "a body without it");
                    probed.Add($"required {member.Name}");
                }
                else
                {
                    await AcceptedAsync(Without(member.Name), $"a body without optional {member.Name}");
                }

                foreach (var rule in await MemberAsync(member.Name, member.Value))
                {
                    probed.Add($"{member.Name} {rule}");
                }
            }

            return probed;
        }

        private async Task<IEnumerable<string>> MemberAsync(string member, JsonElement schema)
        {
            var probed = new List<string>();
            var (rules, nullable) = Resolve(schema);
            if (nullable)
            {
                await AcceptedAsync(With(member, null), $"{member}: null");
            }
            else
            {
                await RefusedAsync(member, With(member, null), "null");
            }

            foreach (var keyword in rules.SelectMany(Keywords))
            {
                switch (keyword.Name)
                {
                    case "type":
                        await RefusedAsync(member, With(member, 42), "a number where the document says string");
                        await RefusedAsync(member, With(member, new JsonArray("x")), "an array");
                        break;
                    case "minLength":
                        var min = keyword.Value.GetInt32();
                        await AcceptedAsync(With(member, new string('x', min)), $"{member} of {min} characters");
                        await RefusedAsync(member, With(member, new string('x', min - 1)), $"{min - 1} characters");
                        break;
                    case "maxLength":
                        // JSON Schema counts Unicode characters, not UTF-16 units: an emoji is one.
                        var max = keyword.Value.GetInt32();
                        await AcceptedAsync(With(member, Repeat("😀", max)), $"{member} of {max} emoji");
                        await AcceptedAsync(With(member, new string('x', max)), $"{member} of {max} characters");
                        await RefusedAsync(member, With(member, Repeat("😀", max + 1)), $"{max + 1} emoji");
                        await RefusedAsync(member, With(member, new string('x', max + 1)), $"{max + 1} characters");
                        break;
                    case "pattern":
                        var pattern = new Regex(keyword.Value.GetString()!, RegexOptions.ECMAScript);
                        var matching = AcceptedStrings(member).ToList();
                        Assert.NotEmpty(matching);
                        foreach (var value in matching)
                        {
                            Assert.True(pattern.IsMatch(value), $"{value} should match {pattern}");
                            await AcceptedAsync(With(member, value), $"{member} {value}");
                        }

                        var breaking = RedirectUrlCandidates.Where(c => !pattern.IsMatch(c)).ToList();
                        Assert.True(breaking.Count >= 5, $"too few candidates break {pattern}");
                        foreach (var value in breaking)
                        {
                            await RefusedAsync(member, With(member, value), $"{value}, which breaks {pattern}");
                        }

                        break;
                    case "format":
                        Assert.Equal("uri", keyword.Value.GetString());
                        await RefusedAsync(member, With(member, "not a uri"), "a value that is no URI");
                        break;
                    case "enum":
                        var values = keyword.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
                        foreach (var value in values)
                        {
                            await AcceptedAsync(With(member, value), $"{member} {value}");
                        }

                        foreach (var value in values.SelectMany(v => new[] { v.ToUpperInvariant(), v + " ", "x" + v }).Append(string.Empty).Except(values))
                        {
                            await RefusedAsync(member, With(member, value), $"\"{value}\", outside the enum");
                        }

                        break;
                    case "default":
                        var response = await SendAsync(Without(member));
                        Assert.Equal(Accepted, response.StatusCode);
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        Assert.Equal(keyword.Value.GetString(), body.GetProperty(member).GetString());
                        break;
                    default:
                        Assert.Fail($"The document gives {member} a rule these tests cannot probe: {keyword.Name}. Teach them.");
                        break;
                }

                probed.Add(keyword.Name);
            }

            return probed;
        }

        /// <summary>
        /// The schemas whose keywords a member's value must meet (the member's own, the non-null branch of a
        /// nullable <c>oneOf</c>, what a <c>$ref</c> points to), and whether null is allowed.
        /// </summary>
        private (List<JsonElement> Rules, bool Nullable) Resolve(JsonElement schema)
        {
            if (schema.TryGetProperty("oneOf", out var oneOf))
            {
                var options = oneOf.EnumerateArray().ToList();
                var nonNull = Assert.Single(options, o => !(o.TryGetProperty("type", out var t) && t.GetString() == "null"));
                Assert.True(options.Count == 2, $"an unexpected oneOf: {schema}");
                return ([schema, .. Resolve(nonNull).Rules], true);
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                return ([schema, Schemas.GetProperty(reference.GetString()!.Split('/')[^1])], false);
            }

            var nullable = schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
                && type.EnumerateArray().Any(t => t.GetString() == "null");
            return ([schema], nullable);
        }

        private static IEnumerable<JsonProperty> Keywords(JsonElement schema) => schema.EnumerateObject()
            .Where(k => !Annotations.Contains(k.Name) && k.Name is not ("oneOf" or "$ref"));

        private JsonObject Without(string member)
        {
            var body = Valid();
            body.Remove(member);
            return body;
        }

        private JsonObject With(string member, JsonNode? value)
        {
            var body = Valid();
            body[member] = value;
            return body;
        }

        private async Task AcceptedAsync(JsonObject body, string what)
        {
            var response = await SendAsync(body);
            Assert.True(response.StatusCode == Accepted, $"{what}: expected {Accepted}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        private async Task RefusedAsync(string member, JsonObject body, string what)
        {
            var response = await SendAsync(body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{member}, {what}: expected 400, got {(int)response.StatusCode} {text}");
            Assert.Equal(member, JsonDocument.Parse(text).RootElement.GetProperty("field").GetString());
        }

        private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
    }
}
