using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests.LinkSessions;

public abstract class CreateLinkSessionTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : CreateLinkSessionTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : CreateLinkSessionTests(fixture);

    private const string Path = "/v2/supplier/link-sessions";

    private async Task<HttpResponseMessage> PostAsync(string json, string contentType = "application/json", string apiKey = ApiFixture.AcmeKey)
    {
        using var client = fixture.CreateClient(apiKey);
        return await client.PostAsync(Path, HttpAssert.Json(json, contentType));
    }

    [Fact]
    public async Task Create_returns_201_with_exactly_the_fields_of_the_seed_plus_status()
    {
        using var client = fixture.CreateClient();
        var response = await client.PostAsJsonAsync(Path, new { user_id = "user-42", redirect_url = ApiFixture.AcmeRedirect });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            ["link_url", "link_token", "language", "redirect_url", "supplier", "supplier_user_id", "created_at", "expires_at", "brand", "completed_at", "status"],
            body.EnumerateObject().Select(p => p.Name));

        var token = body.GetProperty("link_token").GetString()!;
        var now = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal($"{ApiFixture.PublicBaseUrl}/ui?token={token}&language=nl", body.GetProperty("link_url").GetString());
        Assert.Equal("nl", body.GetProperty("language").GetString());
        Assert.Equal(ApiFixture.AcmeRedirect, body.GetProperty("redirect_url").GetString());
        Assert.Equal("acme", body.GetProperty("supplier").GetString());
        Assert.Equal("user-42", body.GetProperty("supplier_user_id").GetString());
        Assert.Equal(now, body.GetProperty("created_at").GetInt64());
        Assert.Equal(now + 600, body.GetProperty("expires_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("brand").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("completed_at").ValueKind);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal($"{Path}/{token}", response.Headers.Location?.OriginalString);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("alpha innotec")]
    [InlineData("saunier duval")]
    [InlineData("viessmann")]
    public async Task Create_echoes_the_preselected_brand(string brand)
    {
        var body = await fixture.CreateSessionAsync(new { user_id = "u", redirect_url = ApiFixture.AcmeRedirect, brand });

        Assert.Equal(brand, body.GetProperty("brand").GetString());
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task Create_uses_the_requested_language_in_the_body_and_link_url(string language)
    {
        var body = await fixture.CreateSessionAsync(new { user_id = "u", redirect_url = ApiFixture.AcmeRedirect, language });

        Assert.Equal(language, body.GetProperty("language").GetString());
        Assert.EndsWith($"&language={language}", body.GetProperty("link_url").GetString());
    }

    [Fact]
    public async Task Create_accepts_explicit_nulls_for_optional_fields_and_ignores_unknown_members()
    {
        var response = await PostAsync($$$"""{"user_id":"u","redirect_url":"{{{ApiFixture.AcmeRedirect}}}","brand":null,"language":null,"metadata":{"x":1}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("nl", body.GetProperty("language").GetString());
        Assert.False(body.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Create_accepts_a_content_type_with_a_charset()
    {
        var response = await PostAsync($$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}"}""", "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"redirect_url":"https://acme.example/return"}""", "user_id is required")]
    [InlineData("""{"user_id":null,"redirect_url":"https://acme.example/return"}""", "user_id is required")]
    [InlineData("""{"user_id":42,"redirect_url":"https://acme.example/return"}""", "user_id must be a string")]
    [InlineData("""{"user_id":"","redirect_url":"https://acme.example/return"}""", "1 to 255")]
    [InlineData("""{"user_id":"a\u0007b","redirect_url":"https://acme.example/return"}""", "control characters")]
    [InlineData("""{"user_id":"line\nbreak","redirect_url":"https://acme.example/return"}""", "control characters")]
    [InlineData("""{"user_id":"\ud800","redirect_url":"https://acme.example/return"}""", "user_id")]
    public async Task Create_rejects_a_bad_user_id(string json, string message)
    {
        var body = await HttpAssert.ErrorAsync(await PostAsync(json), HttpStatusCode.BadRequest, message);

        Assert.Equal("user_id", body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("\\u202e", "U+202E right-to-left override")]
    [InlineData("\\u200b", "U+200B zero width space")]
    [InlineData("\\u200d", "U+200D zero width joiner")]
    [InlineData("\\u00ad", "U+00AD soft hyphen")]
    [InlineData("\\ufeff", "U+FEFF zero width no-break space")]
    [InlineData("\\udb40\\udc01", "U+E0001 language tag")]
    [InlineData("\\u2028", "U+2028 line separator")]
    [InlineData("\\u2029", "U+2029 paragraph separator")]
    [InlineData("\\ufdd0", "U+FDD0 noncharacter")]
    [InlineData("\\ufdef", "U+FDEF noncharacter")]
    [InlineData("\\ufffe", "U+FFFE noncharacter")]
    [InlineData("\\uffff", "U+FFFF noncharacter")]
    [InlineData("\\ud83f\\udffe", "U+1FFFE noncharacter")]
    [InlineData("\\udbff\\udfff", "U+10FFFF noncharacter")]
    public async Task Create_rejects_a_user_id_with_an_invisible_character_or_a_noncharacter(string escaped, string character)
    {
        var response = await PostAsync($$"""{"user_id":"user{{escaped}}42","redirect_url":"{{ApiFixture.AcmeRedirect}}"}""");

        var body = await HttpAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "format characters");
        Assert.True(body.GetProperty("field").GetString() == "user_id", character);
    }

    [Theory]
    [InlineData("José Müller")]
    [InlineData("用户-42")]
    [InlineData("user\uE000")] // private use: not invisible, not a noncharacter
    [InlineData("\uFDCF\uFDF0\uFFFD")] // the neighbours of the noncharacters
    [InlineData("👩\uD83C\uDFFD")] // an emoji with a skin tone modifier (not a format character)
    public async Task Create_accepts_a_user_id_of_visible_characters(string userId)
    {
        var response = await PostAsync($$"""{"user_id":"{{userId}}","redirect_url":"{{ApiFixture.AcmeRedirect}}"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_accepts_a_user_id_of_255_characters_and_rejects_256()
    {
        var accepted = await PostAsync(JsonSerializer.Serialize(new { user_id = new string('x', 255), redirect_url = ApiFixture.AcmeRedirect }));
        var rejected = await PostAsync(JsonSerializer.Serialize(new { user_id = new string('x', 256), redirect_url = ApiFixture.AcmeRedirect }));

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await HttpAssert.ErrorAsync(rejected, HttpStatusCode.BadRequest, "1 to 255");
    }

    [Fact]
    public async Task Create_counts_user_id_length_in_characters_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 255));

        var response = await PostAsync(JsonSerializer.Serialize(new { user_id = emoji, redirect_url = ApiFixture.AcmeRedirect }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(emoji, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("supplier_user_id").GetString());
    }

    [Theory]
    [InlineData("""{"user_id":"u"}""", "redirect_url is required")]
    [InlineData("""{"user_id":"u","redirect_url":7}""", "redirect_url must be a string")]
    [InlineData("""{"user_id":"u","redirect_url":"https://acme.example/return\ud800"}""", "valid Unicode")]
    [InlineData("""{"user_id":"u","redirect_url":"/return"}""", "absolute https URL")]
    [InlineData("""{"user_id":"u","redirect_url":"not a url"}""", "absolute https URL")]
    [InlineData("""{"user_id":"u","redirect_url":"ftp://acme.example/return"}""", "absolute https URL")]
    [InlineData("""{"user_id":"u","redirect_url":"http://acme.example/insecure"}""", "absolute https URL")]
    [InlineData("""{"user_id":"u","redirect_url":"https://evil.example/return"}""", "allowed redirect URLs")]
    [InlineData("""{"user_id":"u","redirect_url":"https://acme.example/return/"}""", "allowed redirect URLs")]
    [InlineData("""{"user_id":"u","redirect_url":"https://ACME.example/return"}""", "allowed redirect URLs")]
    [InlineData("""{"user_id":"u","redirect_url":"https://globex.example/done"}""", "allowed redirect URLs")]
    public async Task Create_rejects_a_bad_or_unlisted_redirect_url(string json, string message)
    {
        var body = await HttpAssert.ErrorAsync(await PostAsync(json), HttpStatusCode.BadRequest, message);

        Assert.Equal("redirect_url", body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("https://acme.example/return?source=nox")]
    [InlineData("http://localhost:3000/callback")]
    public async Task Create_accepts_every_allowed_redirect_url_character_for_character(string redirectUrl)
    {
        var body = await fixture.CreateSessionAsync(new { user_id = "u", redirect_url = redirectUrl });

        Assert.Equal(redirectUrl, body.GetProperty("redirect_url").GetString());
    }

    [Theory]
    [InlineData("\"Daikin\"")]
    [InlineData("\"alpha_innotec\"")]
    [InlineData("\"bosch\"")]
    [InlineData("3")]
    [InlineData("[\"daikin\"]")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"daikin\\udc00\"")]
    public async Task Create_rejects_a_brand_outside_the_enum(string brand)
    {
        var body = await HttpAssert.ErrorAsync(
            await PostAsync($$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}","brand":{{brand}}}"""),
            HttpStatusCode.BadRequest,
            "brand must be null or one of: alpha innotec,");

        Assert.Equal("brand", body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("\"de\"")]
    [InlineData("\"NL\"")]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"nl\\udfff\"")]
    public async Task Create_rejects_a_language_outside_the_enum(string language)
    {
        var body = await HttpAssert.ErrorAsync(
            await PostAsync($$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}","language":{{language}}}"""),
            HttpStatusCode.BadRequest,
            "language must be one of: nl, en, fr, es");

        Assert.Equal("language", body.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("{\"user_id\":", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("{'user_id':'u'}", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("\"text\"", "must be a JSON object")]
    [InlineData("null", "must be a JSON object")]
    public async Task Create_rejects_a_body_that_is_not_a_json_object(string json, string message)
    {
        await HttpAssert.ErrorAsync(await PostAsync(json), HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Create_rejects_a_body_that_is_not_application_json(string contentType)
    {
        await HttpAssert.ErrorAsync(
            await PostAsync($$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}"}""", contentType),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Create_rejects_a_body_without_content_type()
    {
        using var client = fixture.CreateClient();
        var content = new ByteArrayContent("{}"u8.ToArray());

        await HttpAssert.ErrorAsync(await client.PostAsync(Path, content), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Create_rejects_a_body_over_16_KiB()
    {
        var padding = new string('x', 16 * 1024);

        await HttpAssert.ErrorAsync(
            await PostAsync($$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}","padding":"{{padding}}"}"""),
            HttpStatusCode.RequestEntityTooLarge,
            "16 KiB");
    }

    [Fact]
    public async Task Create_rejects_a_chunked_body_over_16_KiB_without_content_length()
    {
        using var client = fixture.CreateClient();
        var json = $$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}","padding":"{{new string('x', 20_000)}}"}""";
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await HttpAssert.ErrorAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Create_accepts_a_body_of_exactly_16_KiB()
    {
        var prefix = $$"""{"user_id":"u","redirect_url":"{{ApiFixture.AcmeRedirect}}","padding":" """.TrimEnd();
        var json = prefix + new string('x', 16 * 1024 - prefix.Length - 2) + "\"}";
        Assert.Equal(16 * 1024, json.Length);

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(json)).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_unique_url_safe_at_least_128_bits_and_without_fixed_time_or_counter_bits()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ =>
            (await fixture.CreateSessionAsync()).GetProperty("link_token").GetString()!));

        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, token =>
        {
            Assert.Matches("^[A-Za-z0-9_-]+$", token);
            Assert.True(Base64Url.IsValid(token, out var bytes) && bytes * 8 >= 128, token);
        });

        // Every bit position is one in about half the tokens (see TokenBits for what that rules out, and
        // what it cannot: that the source is cryptographic is LinkToken.Mint's use of the OS CSPRNG).
        Assert.Empty(TokenBits.UnbalancedPositions([.. tokens.Select(t => Base64Url.DecodeFromChars(t))]));
    }
}
