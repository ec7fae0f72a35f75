using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Nox.Api.Ui;

public static class Html
{
    /// <summary>
    /// Encodes markup characters (&lt; &gt; &amp; quotes) but leaves letters of every script alone, so that
    /// French and Spanish text stays readable in the source.
    /// </summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>HTML from an interpolated string whose values are all encoded (see <see cref="HtmlInterpolatedStringHandler"/>).</summary>
    public static HtmlContent Of(ref HtmlInterpolatedStringHandler html) => html.ToHtml();

    public static string Encode(string? text) => Encoder.Encode(text ?? string.Empty);

    /// <summary>A text with one <c>{0}</c>, encoded, with <paramref name="argument"/> in place of the placeholder.</summary>
    public static HtmlContent Format(string template, HtmlContent argument)
    {
        var at = template.IndexOf("{0}", StringComparison.Ordinal);
        return at < 0
            ? new(Encode(template))
            : new(Encode(template[..at]) + argument.Value + Encode(template[(at + 3)..]));
    }
}
