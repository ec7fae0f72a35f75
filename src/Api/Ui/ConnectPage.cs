using System.Globalization;
using Nox.Api.LinkSessions;
using Nox.LinkSessions;

namespace Nox.Api.Ui;

/// <summary>
/// The page of a pending session: who asks, the twelve brands (the pre-selected one checked), a countdown
/// to expiry and the connect step. authenticator.js posts the choice and follows <c>redirect_to</c>; it
/// reads the complete URL and its texts from data attributes, so the page needs no inline script.
/// </summary>
public static class ConnectPage
{
    public static string Render(LinkSession session, string token, Language language, DateTimeOffset now)
    {
        var text = UiTexts.For(language);
        var supplier = Html.Of($"<strong>{session.Supplier}</strong>");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(session.ExpiresAt);
        // The browser counts down from what the server says is left, so a wrong clock on the user's device does
        // not matter; the lifetime bounds it when the API's clock and the silo's disagree.
        var secondsLeft = Math.Clamp(session.ExpiresAt - now.ToUnixTimeSeconds(), 0, LinkSessionLifetime.Seconds);
        var validUntil = string.Format(CultureInfo.InvariantCulture, text.ValidUntil, expiresAt.ToString("HH:mm", CultureInfo.InvariantCulture));
        var expired = $"{text.ExpiredTitle}. {string.Format(CultureInfo.InvariantCulture, text.ExpiredMessage, session.Supplier)}";
        var brands = BrandNames.Brands.Select(brand => BrandOption(brand, brand == session.Brand));

        var main = Html.Of($$"""
            <h1>{{text.Heading}}</h1>
            <p class="lead">{{Html.Format(text.Intro, supplier)}}</p>
            <p class="countdown" id="countdown"><span class="countdown__label">{{text.TimeLeft}}</span> <time class="countdown__time" id="countdown-time" datetime="{{expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}">{{validUntil}}</time></p>
            <p class="visually-hidden" id="countdown-announcer" aria-live="polite" aria-atomic="true"></p>
            <form class="connect" id="connect-form" novalidate
              data-complete-url="{{LinkSessionCompletionEndpoints.PathFor(token)}}"
              data-seconds-left="{{secondsLeft}}"
              data-text-connecting="{{text.Connecting}}"
              data-text-choose-brand="{{text.ChooseBrand}}"
              data-text-error="{{text.GenericError}}"
              data-text-expired="{{expired}}"
              data-text-completed="{{text.CompletedTitle}}. {{text.CompletedMessage}}"
              data-text-not-found="{{text.NotFoundTitle}}. {{text.NotFoundMessage}}"
              data-text-minutes-left="{{text.MinutesLeft}}"
              data-text-one-minute-left="{{text.OneMinuteLeft}}"
              data-text-under-a-minute-left="{{text.UnderAMinuteLeft}}">
            <fieldset class="brands">
            <legend><span class="step" aria-hidden="true">1</span>{{text.BrandLegend}}</legend>
            <div class="brand-grid">
            {{brands}}
            </div>
            </fieldset>
            <section class="connect-step" aria-labelledby="connect-heading">
            <h2 id="connect-heading"><span class="step" aria-hidden="true">2</span>{{text.ConnectHeading}}</h2>
            <p>{{Html.Format(text.ConnectExplanation, supplier)}}</p>
            <p class="message" id="form-message" role="alert" hidden></p>
            <button class="button" id="connect-button" type="submit" disabled>{{text.ConnectButton}}</button>
            <noscript><p class="message">{{text.NoScript}}</p></noscript>
            </section>
            </form>
            """);
        return PageLayout.Render(language, text.Heading, main, token, withScript: true);
    }

    private static HtmlContent BrandOption(Brand brand, bool selected)
    {
        var checkedMark = selected ? Html.Of($" checked") : HtmlContent.Empty;
        return Html.Of($"""
            <label class="brand"><input type="radio" name="brand" value="{brand.ToWireName()}"{checkedMark}><span class="brand__mark" aria-hidden="true">{Monogram(brand.ToDisplayName())}</span><span class="brand__name">{brand.ToDisplayName()}</span></label>
            """);
    }

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
