using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using System.Runtime.CompilerServices;
using Nox.Api.Ui.Pages;
using Nox.LinkSessions;

namespace Nox.Api.Ui.Texts;

/// <summary>
/// Every text of the Authenticator UI in one language, from <c>UiTexts.{language}.resx</c> beside this file.
/// <c>{0}</c> marks where a value goes. The language is always passed explicitly, never taken from the
/// thread's culture. A language's texts are read once, from its own file only: there is no neutral file and no
/// fallback, so a text missing in one language throws instead of showing another language under that
/// language's <c>Content-Language</c>.
/// </summary>
public sealed class UiText
{
    private static readonly ResourceManager Resources = new("Nox.Api.Ui.Texts.UiTexts", typeof(UiText).Assembly);

    private static readonly UiText[] ByLanguage = [.. Enum.GetValues<Language>().Select(language => new UiText(language))];

    private readonly Language language;
    private readonly FrozenDictionary<string, string> texts;

    private UiText(Language language)
    {
        this.language = language;
        // The process runs with invariant globalization; PredefinedCulturesOnly=false (Directory.Build.props) lets
        // it create a culture that only carries its name, which is all the satellite resource lookup needs.
        var culture = CultureInfo.GetCultureInfo(language.ToCode());
        var resources = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingSatelliteAssemblyException($"The Authenticator texts for '{culture.Name}' are missing.", culture.Name);
        texts = resources.Cast<DictionaryEntry>().ToFrozenDictionary(entry => (string)entry.Key, entry => (string)entry.Value!, StringComparer.Ordinal);
    }

    public static UiText For(Language language) => ByLanguage[(int)language];

    /// <summary>The language's own name, for the language switcher.</summary>
    public string LanguageName => Get();

    public string LanguageNavigation => Get();

    public string Heading => Get();

    public string Intro => Get();

    public string BrandLegend => Get();

    public string ConnectHeading => Get();

    public string ConnectExplanation => Get();

    public string ConnectButton => Get();

    public string Connecting => Get();

    public string TimeLeft => Get();

    public string ValidUntil => Get();

    public string MinutesLeft => Get();

    public string OneMinuteLeft => Get();

    public string UnderAMinuteLeft => Get();

    public string NoScript => Get();

    public string ChooseBrand => Get();

    public string GenericError => Get();

    public string Footer => Get();

    /// <summary>The label of a page's link that starts a new attempt at the consent page.</summary>
    public string TryAgain => Get();

    /// <summary>The connect page's notice after the manufacturer answered with an error (denied access), with the brand in place of <c>{0}</c>.</summary>
    public string Denied(Brand brand) => string.Format(CultureInfo.InvariantCulture, Get(), brand.ToDisplayName());

    /// <summary>The heading of a message page: the text <c>{kind}Title</c>.</summary>
    public string Title(MessageKind kind) => Get($"{kind}Title");

    /// <summary>The explanation of a message page, the text <c>{kind}Message</c>, with the supplier (or NOX) in place of a <c>{0}</c>.</summary>
    public string Message(MessageKind kind, string? supplier) =>
        string.Format(CultureInfo.InvariantCulture, Get($"{kind}Message"), supplier ?? "NOX");

    private string Get([CallerMemberName] string name = "") =>
        texts.TryGetValue(name, out var text) ? text : throw new MissingManifestResourceException($"The Authenticator text '{name}' is missing in '{language.ToCode()}'.");
}
