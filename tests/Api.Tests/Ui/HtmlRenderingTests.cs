using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using Microsoft.AspNetCore.Components;
using Nox.Api.Ui.Pages;
using Nox.Api.Ui.Texts;
using Nox.LinkSessions;

namespace Nox.Api.Tests.Ui;

/// <summary>
/// The page components encode every value they are given, whatever a supplier's name holds, and speak each
/// of the four languages from its own resource file.
/// </summary>
public sealed class HtmlRenderingTests
{
    private const string Markup = "<img src=x onerror=alert(1)>\"'&";
    private const string EncodedMarkup = "&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_100);

    public static TheoryData<Language> AllLanguages => [.. Enum.GetValues<Language>()];

    public static TheoryData<MessageKind, Language> AllKindsInAllLanguages
    {
        get
        {
            var data = new TheoryData<MessageKind, Language>();
            foreach (var kind in Enum.GetValues<MessageKind>())
            {
                foreach (var language in Enum.GetValues<Language>())
                {
                    data.Add(kind, language);
                }
            }

            return data;
        }
    }

    private static LinkSession Session(string supplier, string userId = "user-1", Language language = Language.En) =>
        new(supplier, userId, "https://acme.example/return", Brand.Daikin, language, 1_800_000_000, 1_800_000_600, null, LinkSessionStatus.Pending);

    private static Task<string> ConnectPageAsync(LinkSession session, Language language, DateTimeOffset now, string? token = null) =>
        PageRenderer.RenderAsync<ConnectPage>(ConnectPage.Parameters(session, token ?? LinkToken.Mint(), language, now));

    private static Task<string> MessagePageAsync(MessageKind kind, Language language, string? supplier) =>
        PageRenderer.RenderAsync<MessagePage>(MessagePage.Parameters(kind, language, supplier, LinkToken.Mint()));

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public async Task The_connect_page_encodes_the_supplier_name_wherever_it_appears(Language language)
    {
        var html = await ConnectPageAsync(Session(Markup), language, Now);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Markup, html, StringComparison.Ordinal);
        // In the intro and in the connect step's explanation.
        Assert.Equal(2, html.Split($"<strong>{EncodedMarkup}</strong>").Length - 1);
        var text = UiText.For(language);
        Assert.Equal($"{text.Title(MessageKind.Expired)}. {text.Message(MessageKind.Expired, Markup)}", UiPage.Attribute(html, "data-text-expired"));
    }

    [Theory]
    [MemberData(nameof(AllKindsInAllLanguages))]
    public async Task Message_pages_encode_the_supplier_name(MessageKind kind, Language language)
    {
        var html = await MessagePageAsync(kind, language, Markup);

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Markup, html, StringComparison.Ordinal);
        Assert.Equal(UiText.For(language).Message(kind, Markup), WebUtility.HtmlDecode(UiPage.Paragraph(html, "lead")));
    }

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public async Task A_page_that_offers_to_try_again_links_to_its_retry_url_in_its_language(Language language)
    {
        var token = LinkToken.Mint();
        var retry = $"/ui/connect?token={token}&language={language.ToCode()}&brand=saunier%20duval";

        var html = await PageRenderer.RenderAsync<MessagePage>(MessagePage.Parameters(MessageKind.ConnectorFailed, language, null, token, retry));
        var without = await MessagePageAsync(MessageKind.ConnectorFailed, language, null);

        var href = System.Text.RegularExpressions.Regex.Match(html, "<a class=\"button\" href=\"([^\"]+)\">").Groups[1].Value;
        Assert.Equal(retry, WebUtility.HtmlDecode(href));
        Assert.Contains($">{UiText.For(language).TryAgain}</a>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"button\"", without, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connect_page_shows_an_encoded_notice_and_checks_the_chosen_brand()
    {
        var html = await PageRenderer.RenderAsync<ConnectPage>(
            ConnectPage.Parameters(Session("acme"), LinkToken.Mint(), Language.En, Now, [Brand.Nibe], chosen: Brand.Nibe, notice: Markup));

        Assert.Contains($"<p class=\"message\" id=\"form-message\" role=\"alert\">{EncodedMarkup}</p>", html, StringComparison.Ordinal);
        Assert.Equal([("nibe", true)], UiPage.Brands(html).Where(b => b.Checked).Select(b => (b.Value, b.Checked)));
        Assert.Matches("value=\"nibe\"[^>]*data-consent=\"true\"", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "data-consent="));
    }

    [Fact]
    public async Task Texts_are_encoded_around_their_placeholder()
    {
        RenderFragment supplier = builder => builder.AddMarkupContent(0, "<strong>acme</strong>");

        var filled = await PageRenderer.RenderAsync<FormattedText>(new Dictionary<string, object?> { ["Text"] = "<b>{0}</b> & \"x\"", ["ChildContent"] = supplier });
        var plain = await PageRenderer.RenderAsync<FormattedText>(new Dictionary<string, object?> { ["Text"] = "<i>no placeholder</i>", ["ChildContent"] = supplier });

        Assert.Equal("&lt;b&gt;<strong>acme</strong>&lt;/b&gt; &amp; &quot;x&quot;", filled);
        Assert.Equal("&lt;i&gt;no placeholder&lt;/i&gt;", plain);
    }

    [Fact]
    public async Task The_connect_page_never_shows_the_supplier_user_id_or_redirect_url()
    {
        var html = await ConnectPageAsync(Session("acme", "customer-secret-42"), Language.En, Now);

        Assert.DoesNotContain("customer-secret-42", html, StringComparison.Ordinal);
        Assert.DoesNotContain("acme.example/return", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_countdown_never_exceeds_the_lifetime_or_goes_below_zero()
    {
        var session = Session("acme");

        var early = await ConnectPageAsync(session, Language.En, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var late = await ConnectPageAsync(session, Language.En, DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));

        Assert.Equal("600", UiPage.Attribute(early, "data-seconds-left"));
        Assert.Equal("0", UiPage.Attribute(late, "data-seconds-left"));
    }

    [Theory]
    [InlineData("Alpha Innotec", "AI")]
    [InlineData("Saunier Duval", "SD")]
    [InlineData("DeWarmte", "DW")]
    [InlineData("NIBE", "N")]
    [InlineData("LG", "LG")]
    [InlineData("Bulex", "B")]
    public void Brand_tiles_show_initials(string displayName, string monogram)
    {
        Assert.Equal(monogram, ConnectPage.Monogram(displayName));
    }

    [Theory]
    [InlineData(Language.Nl, "Verbinden", "Beveiligd door NOX. Deze link is persoonlijk: deel hem niet.")]
    [InlineData(Language.En, "Connect", "Secured by NOX. This link is personal: do not share it.")]
    [InlineData(Language.Fr, "Connecter", "Sécurisé par NOX. Ce lien est personnel\u00a0: ne le partagez pas.")]
    [InlineData(Language.Es, "Conectar", "Protegido por NOX. Este enlace es personal: no lo compartas.")]
    public async Task Each_language_renders_the_connect_page_in_its_own_words(Language language, string button, string footer)
    {
        var text = UiText.For(language);

        var html = await ConnectPageAsync(Session("acme", language: language), language, Now);
        var page = WebUtility.HtmlDecode(html);

        Assert.Contains($"<html lang=\"{language.ToCode()}\">", html, StringComparison.Ordinal);
        Assert.Contains($">{button}</button>", page, StringComparison.Ordinal);
        Assert.Contains($"<p>{footer}</p>", page, StringComparison.Ordinal);
        foreach (var shown in new[] { text.Heading, text.TimeLeft, text.BrandLegend, text.ConnectHeading, text.NoScript, text.LanguageNavigation })
        {
            Assert.Contains(shown, page, StringComparison.Ordinal);
        }

        Assert.Contains(text.Intro.Replace("{0}", "<strong>acme</strong>", StringComparison.Ordinal), page, StringComparison.Ordinal);
        Assert.Contains(text.ConnectExplanation.Replace("{0}", "<strong>acme</strong>", StringComparison.Ordinal), page, StringComparison.Ordinal);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, text.ValidUntil, "08:10"), page, StringComparison.Ordinal);
        Assert.Equal(text.Connecting, UiPage.Attribute(html, "data-text-connecting"));
        Assert.Equal(text.ChooseBrand, UiPage.Attribute(html, "data-text-choose-brand"));
        Assert.Equal(text.GenericError, UiPage.Attribute(html, "data-text-error"));
        Assert.Equal(text.MinutesLeft, UiPage.Attribute(html, "data-text-minutes-left"));
        Assert.Equal(text.OneMinuteLeft, UiPage.Attribute(html, "data-text-one-minute-left"));
        Assert.Equal(text.UnderAMinuteLeft, UiPage.Attribute(html, "data-text-under-a-minute-left"));
        Assert.Equal($"{text.Title(MessageKind.Completed)}. {text.Message(MessageKind.Completed, null)}", UiPage.Attribute(html, "data-text-completed"));
        Assert.Equal($"{text.Title(MessageKind.NotFound)}. {text.Message(MessageKind.NotFound, null)}", UiPage.Attribute(html, "data-text-not-found"));
        foreach (var other in Enum.GetValues<Language>())
        {
            Assert.Contains($"<span class=\"visually-hidden\"> {UiText.For(other).LanguageName}</span>", page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(AllKindsInAllLanguages))]
    public async Task Each_message_page_has_its_title_in_the_tab_and_heading(MessageKind kind, Language language)
    {
        var title = UiText.For(language).Title(kind);

        var html = await MessagePageAsync(kind, language, "acme");

        Assert.Contains($"<html lang=\"{language.ToCode()}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{title} · NOX</title>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains($"class=\"status status--{kind.ToString().ToLowerInvariant()}\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_language_has_every_text_and_its_placeholders()
    {
        var withPlaceholder = new[]
        {
            nameof(UiText.Intro), nameof(UiText.ConnectExplanation), nameof(UiText.ValidUntil), nameof(UiText.MinutesLeft), nameof(UiText.Denied),
            $"{MessageKind.Expired}Message", $"{MessageKind.InvalidRequest}Message",
        };
        var used = typeof(UiText).GetProperties().Select(p => p.Name)
            .Append(nameof(UiText.Denied))
            .Concat(Enum.GetValues<MessageKind>().SelectMany(kind => new[] { $"{kind}Title", $"{kind}Message" }))
            .Order(StringComparer.Ordinal)
            .ToArray();

        foreach (var language in Enum.GetValues<Language>())
        {
            // The language's own file only: a text that is missing there must not come from another language.
            var texts = ResourcesOf(language);
            Assert.Equal(used, texts.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, value) in texts)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{language}: {name}");
                Assert.Equal(withPlaceholder.Contains(name), value.Contains("{0}", StringComparison.Ordinal));
            }
        }

        Assert.Equal(4, Enum.GetValues<Language>().Select(language => UiText.For(language).Heading).Distinct().Count());
    }

    private static Dictionary<string, string> ResourcesOf(Language language)
    {
        var resources = new ResourceManager("Nox.Api.Ui.Texts.UiTexts", typeof(UiText).Assembly)
            .GetResourceSet(CultureInfo.GetCultureInfo(language.ToCode()), createIfNotExists: true, tryParents: false);
        Assert.NotNull(resources);
        return resources.Cast<DictionaryEntry>().ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);
    }
}
