using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Nox.Api.Ui;

/// <summary>
/// Builds HTML from an interpolated string, encoding every interpolated value unless it is already
/// <see cref="HtmlContent"/>. Only strings, numbers and HTML can be interpolated, so an unencoded value
/// cannot slip into a page by accident.
/// </summary>
[InterpolatedStringHandler]
public ref struct HtmlInterpolatedStringHandler(int literalLength, int formattedCount)
{
    private readonly StringBuilder builder = new(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string literal) => builder.Append(literal);

    public readonly void AppendFormatted(string? text) => builder.Append(Html.Encode(text));

    public readonly void AppendFormatted(long number) => builder.Append(number.ToString(CultureInfo.InvariantCulture));

    public readonly void AppendFormatted(HtmlContent html) => builder.Append(html.Value);

    public readonly void AppendFormatted(IEnumerable<HtmlContent> fragments)
    {
        foreach (var fragment in fragments)
        {
            builder.Append(fragment.Value);
        }
    }

    public readonly HtmlContent ToHtml() => new(builder.ToString());
}
