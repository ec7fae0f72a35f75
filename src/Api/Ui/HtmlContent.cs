namespace Nox.Api.Ui;

/// <summary>A fragment of HTML that is safe to emit as it is: built by <see cref="Html"/>, never from raw input.</summary>
public readonly record struct HtmlContent(string Value)
{
    public static HtmlContent Empty { get; } = new(string.Empty);

    public override string ToString() => Value;
}
