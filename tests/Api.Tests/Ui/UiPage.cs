using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nox.Api.Tests.Ui;

/// <summary>Fetches Authenticator pages as a browser would (no API key) and reads what the tests need from them.</summary>
public static partial class UiPage
{
    /// <summary>The path and query of a session's <c>link_url</c>, for the test server.</summary>
    public static string LinkPath(JsonElement created)
    {
        var linkUrl = created.GetProperty("link_url").GetString()!;
        Assert.StartsWith(ApiFixture.PublicBaseUrl + "/ui?", linkUrl, StringComparison.Ordinal);
        return linkUrl[ApiFixture.PublicBaseUrl.Length..];
    }

    public static async Task<(HttpResponseMessage Response, string Html)> GetAsync(ApiFixture fixture, string pathAndQuery)
    {
        using var client = fixture.CreateClient(apiKey: null);
        var response = await client.GetAsync(pathAndQuery);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts an HTML page with the given status, language and title text.</summary>
    public static void AssertPage(HttpResponseMessage response, string html, HttpStatusCode status, string language, string heading)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal([language], response.Content.Headers.ContentLanguage);
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Equal(heading, WebUtility.HtmlDecode(H1().Match(html).Groups[1].Value));
    }

    /// <summary>The brand radios in page order: value, whether checked, and the label's visible name.</summary>
    public static IReadOnlyList<(string Value, bool Checked, string Name)> Brands(string html) =>
        BrandOption().Matches(html)
            .Select(m => (WebUtility.HtmlDecode(m.Groups["value"].Value), m.Groups["checked"].Success, WebUtility.HtmlDecode(m.Groups["name"].Value)))
            .ToList();

    public static string Attribute(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"""{Regex.Escape(name)}="([^"]*)" """.TrimEnd()).Groups[1].Value);

    /// <summary>The content of the first paragraph with the given class.</summary>
    public static string Paragraph(string html, string cssClass) =>
        Regex.Match(html, $"""<p class="{Regex.Escape(cssClass)}">(.*?)</p>""", RegexOptions.Singleline).Groups[1].Value;

    [GeneratedRegex("<h1>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex H1();

    [GeneratedRegex("""<label class="brand"><input type="radio" name="brand" value="(?<value>[^"]*)"(?<checked> checked)?[^>]*>.*?<span class="brand__name">(?<name>[^<]*)</span></label>""", RegexOptions.Singleline)]
    private static partial Regex BrandOption();
}
