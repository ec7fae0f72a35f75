namespace Nox.Api.Ui;

/// <summary>Every text of the Authenticator UI in one language. <c>{0}</c> marks where a value goes.</summary>
public sealed record UiText
{
    /// <summary>The language's own name, for the language switcher.</summary>
    public required string LanguageName { get; init; }
    public required string LanguageNavigation { get; init; }
    public required string Heading { get; init; }
    public required string Intro { get; init; }
    public required string BrandLegend { get; init; }
    public required string ConnectHeading { get; init; }
    public required string ConnectExplanation { get; init; }
    public required string ConnectButton { get; init; }
    public required string Connecting { get; init; }
    public required string TimeLeft { get; init; }
    public required string ValidUntil { get; init; }
    public required string MinutesLeft { get; init; }
    public required string OneMinuteLeft { get; init; }
    public required string UnderAMinuteLeft { get; init; }
    public required string NoScript { get; init; }
    public required string ChooseBrand { get; init; }
    public required string GenericError { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundMessage { get; init; }
    public required string ExpiredTitle { get; init; }
    public required string ExpiredMessage { get; init; }
    public required string CompletedTitle { get; init; }
    public required string CompletedMessage { get; init; }
    public required string UnavailableTitle { get; init; }
    public required string UnavailableMessage { get; init; }
    public required string Footer { get; init; }
}
