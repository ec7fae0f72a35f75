using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nox.LinkSessions;

namespace Nox.Api.Tests.Ui;

public abstract class AuthenticatorPageTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : AuthenticatorPageTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : AuthenticatorPageTests(fixture);

    /// <summary>What each language's pages must say; written out here so a broken translation fails a test.</summary>
    private static readonly (string Language, string Connect, string NotFound, string Expired, string Completed)[] Expected =
    [
        ("nl", "Koppel je warmtepomp", "Link niet gevonden", "Deze link is verlopen", "Deze link is al gebruikt"),
        ("en", "Connect your heat pump", "Link not found", "This link has expired", "This link has already been used"),
        ("fr", "Connectez votre pompe à chaleur", "Lien introuvable", "Ce lien a expiré", "Ce lien a déjà été utilisé"),
        ("es", "Conecta tu bomba de calor", "Enlace no encontrado", "Este enlace ha caducado", "Este enlace ya se ha utilizado"),
    ];

    public static TheoryData<string, string> ConnectHeadings => Data(e => e.Connect);

    public static TheoryData<string, string> NotFoundHeadings => Data(e => e.NotFound);

    public static TheoryData<string, string> ExpiredHeadings => Data(e => e.Expired);

    public static TheoryData<string, string> CompletedHeadings => Data(e => e.Completed);

    private static TheoryData<string, string> Data(Func<(string Language, string Connect, string NotFound, string Expired, string Completed), string> heading)
    {
        var data = new TheoryData<string, string>();
        foreach (var expected in Expected)
        {
            data.Add(expected.Language, heading(expected));
        }

        return data;
    }

    private Task<JsonElement> CreateAsync(string? language = null, string? brand = null) =>
        fixture.CreateSessionAsync(new { user_id = $"user-{Guid.NewGuid():N}", redirect_url = ApiFixture.AcmeRedirect, language, brand });

    [Theory]
    [MemberData(nameof(ConnectHeadings))]
    public async Task A_pending_session_gets_the_connect_page_in_its_language(string language, string heading)
    {
        var created = await CreateAsync(language);

        var (response, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        UiPage.AssertPage(response, html, HttpStatusCode.OK, language, heading);
        Assert.Contains("<strong>acme</strong>", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{heading} · NOX</title>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_lists_the_twelve_brands_by_display_name_with_the_preselected_one_checked()
    {
        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(await CreateAsync("en", "saunier duval")));

        var brands = UiPage.Brands(html);
        Assert.Equal(BrandNames.WireNames, brands.Select(b => b.Value));
        Assert.Equal(BrandNames.Brands.Select(b => b.ToDisplayName()), brands.Select(b => b.Name));
        Assert.Equal("saunier duval", Assert.Single(brands, b => b.Checked).Value);
        Assert.Matches("<fieldset class=\"brands\">\\s*<legend>", html);
    }

    [Fact]
    public async Task Without_a_preselected_brand_no_brand_is_checked()
    {
        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(await CreateAsync()));

        Assert.Equal(12, UiPage.Brands(html).Count);
        Assert.DoesNotContain(UiPage.Brands(html), b => b.Checked);
    }

    [Fact]
    public async Task The_page_counts_down_to_expires_at_and_says_the_expiry_without_script()
    {
        var created = await CreateAsync("en");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(created.GetProperty("expires_at").GetInt64());

        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        Assert.Contains($"datetime=\"{expiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}\"", html, StringComparison.Ordinal);
        Assert.Contains($"This link is valid until {expiresAt:HH:mm} UTC.", html, StringComparison.Ordinal);
        Assert.InRange(long.Parse(UiPage.Attribute(html, "data-seconds-left"), System.Globalization.CultureInfo.InvariantCulture), 0, 600);
        Assert.Contains("aria-live=\"polite\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_calls_the_complete_endpoint_of_its_own_token()
    {
        var created = await CreateAsync();
        var token = created.GetProperty("link_token").GetString()!;

        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        Assert.Equal($"/v2/link-sessions/{token}/complete", UiPage.Attribute(html, "data-complete-url"));
        Assert.Matches("<button class=\"button\" id=\"connect-button\" type=\"submit\"[^>]*>Verbinden</button>", html);
    }

    [Fact]
    public async Task The_token_is_only_in_the_language_links_and_the_complete_and_connect_urls()
    {
        var created = await CreateAsync("en");
        var token = created.GetProperty("link_token").GetString()!;

        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        // The four language links, the complete URL and the consent-page start's URL; in particular the form's
        // action is not the page's URL.
        Assert.Equal(6, Regex.Matches(html, Regex.Escape(token)).Count);
        Assert.Equal("/ui", UiPage.Attribute(html, "action"));
    }

    [Theory]
    [InlineData("es", "fr", "fr")]
    [InlineData("es", "en", "en")]
    [InlineData("fr", "de", "fr")]
    [InlineData("fr", "EN", "fr")]
    [InlineData("fr", "", "fr")]
    [InlineData("en", null, "en")]
    [InlineData(null, null, "nl")]
    public async Task The_language_query_wins_else_the_sessions_language_else_dutch(string? sessionLanguage, string? query, string expected)
    {
        var created = await CreateAsync(sessionLanguage);
        var path = $"/ui?token={created.GetProperty("link_token").GetString()}" + (query is null ? "" : $"&language={query}");

        var (response, html) = await UiPage.GetAsync(fixture, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{expected}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_language_queries_are_ignored_in_favour_of_the_sessions_language()
    {
        var created = await CreateAsync("es");

        var (_, html) = await UiPage.GetAsync(fixture, $"/ui?token={created.GetProperty("link_token").GetString()}&language=fr&language=en");

        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switcher_links_to_the_same_session_in_the_other_languages()
    {
        var created = await CreateAsync("en");
        var token = created.GetProperty("link_token").GetString()!;

        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        foreach (var code in new[] { "nl", "en", "fr", "es" })
        {
            Assert.Contains($"href=\"/ui?token={token}&amp;language={code}\" hreflang=\"{code}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("hreflang=\"en\" lang=\"en\" aria-current=\"page\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotFoundHeadings))]
    public async Task An_unknown_token_gets_the_404_page_in_the_requested_language(string language, string notFound)
    {
        var (response, html) = await UiPage.GetAsync(fixture, $"/ui?token={LinkToken.Mint()}&language={language}");

        UiPage.AssertPage(response, html, HttpStatusCode.NotFound, language, notFound);
    }

    [Theory]
    [InlineData("/ui")]
    [InlineData("/ui?language=en")]
    [InlineData("/ui?token=")]
    [InlineData("/ui?token=abc")]
    [InlineData("/ui?token=kPmiKpXvwSMTm6GRmcNGLvRhFUNO5rBl%3D%3D")]
    public async Task A_missing_or_malformed_token_gets_the_404_page(string path)
    {
        var (response, html) = await UiPage.GetAsync(fixture, path);

        UiPage.AssertPage(response, html, HttpStatusCode.NotFound, path.EndsWith("en", StringComparison.Ordinal) ? "en" : "nl",
            path.EndsWith("en", StringComparison.Ordinal) ? "Link not found" : "Link niet gevonden");
        Assert.DoesNotContain("<nav", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_tokens_get_the_404_page_even_when_one_is_valid()
    {
        var created = await CreateAsync();
        var token = created.GetProperty("link_token").GetString();

        var (response, _) = await UiPage.GetAsync(fixture, $"/ui?token={token}&token={token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ExpiredHeadings))]
    public async Task An_expired_session_gets_the_410_page_in_its_language(string language, string expired)
    {
        var created = await CreateAsync(language);
        fixture.Clock.Advance(TimeSpan.FromSeconds(600));

        var (response, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        UiPage.AssertPage(response, html, HttpStatusCode.Gone, language, expired);
        Assert.Contains("acme", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CompletedHeadings))]
    public async Task A_completed_session_gets_the_409_page_in_its_language(string language, string completed)
    {
        var created = await CreateAsync(language);
        var token = created.GetProperty("link_token").GetString()!;
        await fixture.Grains.GetGrain<ILinkSessionGrain>(LinkToken.ToGrainKey(token)).CompleteAsync(Brand.Daikin);

        var (response, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));

        UiPage.AssertPage(response, html, HttpStatusCode.Conflict, language, completed);
    }

    [Fact]
    public async Task A_requested_language_also_applies_to_the_error_pages_of_a_session()
    {
        var created = await CreateAsync("nl");
        fixture.Clock.Advance(TimeSpan.FromSeconds(601));

        var (response, html) = await UiPage.GetAsync(fixture, $"/ui?token={created.GetProperty("link_token").GetString()}&language=es");

        UiPage.AssertPage(response, html, HttpStatusCode.Gone, "es", "Este enlace ha caducado");
    }

    [Theory]
    [InlineData("/ui")]
    [InlineData("/ui?token=abc")]
    public async Task Pages_carry_the_security_headers(string path)
    {
        var created = await CreateAsync();
        var pending = await UiPage.GetAsync(fixture, UiPage.LinkPath(created));
        var other = await UiPage.GetAsync(fixture, path);

        foreach (var (response, _) in new[] { pending, other })
        {
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            // The renderer's antiforgery and state services stay unused: the page sets no cookie.
            Assert.False(response.Headers.Contains("Set-Cookie"));
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Equal(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                csp);
        }
    }

    [Fact]
    public async Task The_page_has_no_inline_script_style_or_event_handler()
    {
        var (_, html) = await UiPage.GetAsync(fixture, UiPage.LinkPath(await CreateAsync("fr", "daikin")));

        var scripts = Regex.Matches(html, "<script[^>]*>(.*?)</script>", RegexOptions.Singleline);
        var script = Assert.Single(scripts);
        Assert.Contains("src=\"/ui/authenticator.js\"", script.Value, StringComparison.Ordinal);
        Assert.Equal(string.Empty, script.Groups[1].Value);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("\\sstyle=", html);
        Assert.DoesNotMatch("\\son[a-z]+=", html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Markup_in_the_query_is_never_echoed_into_a_page()
    {
        var created = await CreateAsync();
        var token = created.GetProperty("link_token").GetString();
        const string Markup = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";

        var paths = new[] { $"/ui?token={Markup}", $"/ui?token={token}&language={Markup}", $"/ui?token={token}{Markup}" };
        foreach (var path in paths)
        {
            var (_, html) = await UiPage.GetAsync(fixture, path);
            Assert.DoesNotContain("alert(1)", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/ui/authenticator.css", "text/css")]
    [InlineData("/ui/authenticator.js", "text/javascript")]
    [InlineData("/ui/favicon.svg", "image/svg+xml")]
    public async Task The_pages_assets_are_served_with_nosniff(string path, string contentType)
    {
        using var client = fixture.CreateClient(apiKey: null);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(response.Headers.ETag);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_asset_is_a_json_404()
    {
        using var client = fixture.CreateClient(apiKey: null);

        await HttpAssert.ErrorAsync(await client.GetAsync("/ui/nothing.js"), HttpStatusCode.NotFound);
    }
}
