using System.Text.Json.Serialization;

namespace Nox.LinkSessions;

/// <summary>Languages of the Authenticator UI.</summary>
[GenerateSerializer]
[Alias("nox.Language")]
[JsonConverter(typeof(JsonStringEnumConverter<Language>))]
public enum Language
{
    [JsonStringEnumMemberName("nl")] Nl = 0,
    [JsonStringEnumMemberName("en")] En = 1,
    [JsonStringEnumMemberName("fr")] Fr = 2,
    [JsonStringEnumMemberName("es")] Es = 3,
}

public static class Languages
{
    public const Language Default = Language.Nl;

    /// <summary>The contract codes, declared on <see cref="Language"/>.</summary>
    public static IReadOnlyList<string> Codes { get; } = EnumWireNames<Language>.All;

    public static string ToCode(this Language language) => Codes[(int)language];

    public static bool TryParse(string? code, out Language language)
    {
        var index = code is null ? -1 : Codes.IndexOf(code);
        language = index < 0 ? Default : (Language)index;
        return index >= 0;
    }

    private static int IndexOf(this IReadOnlyList<string> codes, string code)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (string.Equals(codes[i], code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
