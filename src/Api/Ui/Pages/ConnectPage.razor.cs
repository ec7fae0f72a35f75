using System.Globalization;
using Microsoft.AspNetCore.Components;
using Nox.Api.LinkSessions;
using Nox.Api.Ui.Texts;
using Nox.LinkSessions;

namespace Nox.Api.Ui.Pages;

public partial class ConnectPage
{
    [Parameter, EditorRequired]
    public LinkSession Session { get; set; } = null!;

    /// <summary>The session's link token, well-formed: the page's credential, in its links and complete URL.</summary>
    [Parameter, EditorRequired]
    public string Token { get; set; } = null!;

    [Parameter, EditorRequired]
    public Language Language { get; set; }

    /// <summary>The API's clock, from which the countdown starts.</summary>
    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    private UiText Text => UiText.For(Language);

    /// <summary>The one place the page builds the complete endpoint's URL.</summary>
    private string CompleteUrl => LinkSessionCompletionEndpoints.PathFor(Token);

    private DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(Session.ExpiresAt);

    private string ExpiresAtIso => ExpiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What the page says until the script replaces it with the countdown.</summary>
    private string ValidUntil => string.Format(CultureInfo.InvariantCulture, Text.ValidUntil, ExpiresAt.ToString("HH:mm", CultureInfo.InvariantCulture));

    // The browser counts down from what the server says is left, so a wrong clock on the user's device does
    // not matter; the lifetime bounds it when the API's clock and the silo's disagree.
    private string SecondsLeft =>
        Math.Clamp(Session.ExpiresAt - Now.ToUnixTimeSeconds(), 0, LinkSessionLifetime.Seconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>The brands that connect through their manufacturer's consent page (<c>/ui/connect</c>) rather than the complete endpoint.</summary>
    [Parameter]
    public IReadOnlyCollection<Brand> AuthorizationBrands { get; set; } = [];

    /// <summary>The brand to check instead of the session's: the one the user just tried.</summary>
    [Parameter]
    public Brand? Chosen { get; set; }

    /// <summary>Shown above the connect button when the page comes back from a consent page (access denied).</summary>
    [Parameter]
    public string? Notice { get; set; }

    private Brand? Checked => Chosen ?? Session.Brand;

    /// <summary>The one place the page builds the consent-page start's URL; the script appends <c>&amp;brand=…</c>.</summary>
    private string ConnectUrl => BrandConnect.BrandConnectEndpoints.ConnectPathFor(Token, Language, brand: null);

    /// <summary>The parameters of the page, for <c>RazorComponentResult</c> and for rendering it in tests.</summary>
    public static Dictionary<string, object?> Parameters(
        LinkSession session,
        string token,
        Language language,
        DateTimeOffset now,
        IReadOnlyCollection<Brand>? authorizationBrands = null,
        Brand? chosen = null,
        string? notice = null) => new()
    {
        [nameof(Session)] = session,
        [nameof(Token)] = token,
        [nameof(Language)] = language,
        [nameof(Now)] = now,
        [nameof(AuthorizationBrands)] = authorizationBrands ?? [],
        [nameof(Chosen)] = chosen,
        [nameof(Notice)] = notice,
    };

    /// <summary>A message page's title and message as one line, for the script to show when the session ends under it.</summary>
    private string Sentences(MessageKind kind) => $"{Text.Title(kind)}. {Text.Message(kind, Session.Supplier)}";

    /// <summary>Initials for the brand's tile: "Saunier Duval" SD, "DeWarmte" DW, "NIBE" N, "LG" LG.</summary>
    public static string Monogram(string displayName)
    {
        var words = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 1)
        {
            return string.Concat(words.Take(2).Select(w => w[0]));
        }

        var word = words[0];
        if (word.Length <= 2)
        {
            return word;
        }

        var capitals = word.Where(char.IsUpper).ToArray();
        return capitals.Length == 2 && !word.All(char.IsUpper) ? new string(capitals) : word[..1];
    }
}
