using System.Collections.Immutable;
using Nox.Api.Ui;
using Nox.LinkSessions;

namespace Nox.Api.Tests.Ui;

/// <summary>The renderers encode every value they are given, whatever a supplier's name or user id holds.</summary>
public sealed class HtmlRenderingTests
{
    private const string Markup = "<img src=x onerror=alert(1)>\"'&";

    private static LinkSession Session(string supplier, string userId = "user-1") =>
        new(supplier, userId, "https://acme.example/return", Brand.Daikin, Language.En, 1_800_000_000, 1_800_000_600, null, LinkSessionStatus.Pending);

    [Fact]
    public void Interpolated_strings_are_encoded_and_html_is_not()
    {
        var inner = Html.Of($"<em>{"a<b"}</em>");

        var html = Html.Of($"<p title=\"{Markup}\">{inner}{42L}</p>");

        Assert.Equal("<p title=\"&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;\"><em>a&lt;b</em>42</p>", html.Value);
    }

    [Fact]
    public void Letters_of_every_language_stay_readable()
    {
        Assert.Equal("Ce lien a expiré ¿Qué?", Html.Of($"{"Ce lien a expiré ¿Qué?"}").Value);
    }

    [Fact]
    public void The_connect_page_encodes_the_supplier_name()
    {
        var html = ConnectPage.Render(Session(Markup), LinkToken.Mint(), Language.En, DateTimeOffset.FromUnixTimeSeconds(1_800_000_100));

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<strong>&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connect_page_never_shows_the_supplier_user_id_or_redirect_url()
    {
        var html = ConnectPage.Render(Session("acme", "customer-secret-42"), LinkToken.Mint(), Language.En, DateTimeOffset.FromUnixTimeSeconds(1_800_000_100));

        Assert.DoesNotContain("customer-secret-42", html, StringComparison.Ordinal);
        Assert.DoesNotContain("acme.example/return", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageKind.Expired)]
    [InlineData(MessageKind.Completed)]
    public void Message_pages_encode_the_supplier_name(MessageKind kind)
    {
        var html = MessagePage.Render(kind, Language.Fr, Markup, LinkToken.Mint());

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_countdown_never_exceeds_the_lifetime_or_goes_below_zero()
    {
        var session = Session("acme");

        var early = ConnectPage.Render(session, LinkToken.Mint(), Language.En, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var late = ConnectPage.Render(session, LinkToken.Mint(), Language.En, DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));

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

    [Fact]
    public void Every_language_has_every_text_and_its_placeholders()
    {
        var withPlaceholder = new[] { nameof(UiText.Intro), nameof(UiText.ConnectExplanation), nameof(UiText.ValidUntil), nameof(UiText.MinutesLeft), nameof(UiText.ExpiredMessage) };
        var texts = Enum.GetValues<Language>().Select(UiTexts.For).ToImmutableArray();

        Assert.Equal(4, texts.Distinct().Count());
        foreach (var text in texts)
        {
            foreach (var property in typeof(UiText).GetProperties())
            {
                var value = (string)property.GetValue(text)!;
                Assert.False(string.IsNullOrWhiteSpace(value), property.Name);
                Assert.Equal(withPlaceholder.Contains(property.Name), value.Contains("{0}", StringComparison.Ordinal));
            }
        }
    }
}
