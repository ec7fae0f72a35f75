using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Nox.Brands.OAuth2;

/// <summary>
/// The JSONPath (RFC 9535) subset that picks device ids out of a devices answer: <c>$</c> followed by member
/// names (<c>.devices</c>, <c>['device list']</c>), every element or member (<c>[*]</c>, <c>.*</c>) and array
/// indexes (<c>[0]</c>), as in <c>$.devices[*].id</c> or <c>$.data[*].gateways[*].serial</c>. Strings are
/// taken as they are and numbers as their JSON text; anything else at the end of the path is skipped. No
/// filters, slices, unions or recursive descent: nothing a devices list needs, and no JSONPath library is
/// served here.
/// </summary>
public sealed class JsonPathSubset
{
    private readonly ImmutableArray<Segment> segments;

    private JsonPathSubset(string text, ImmutableArray<Segment> segments)
    {
        Text = text;
        this.segments = segments;
    }

    public string Text { get; }

    public static JsonPathSubset Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    public static bool TryParse(string? text, out JsonPathSubset path, out string error)
    {
        path = null!;
        if (string.IsNullOrEmpty(text) || text[0] != '$')
        {
            error = "a JSONPath starts with '$'";
            return false;
        }

        var segments = ImmutableArray.CreateBuilder<Segment>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && text[i] is not '.' and not '[')
                {
                    i++;
                }

                var name = text[start..i];
                if (name.Length == 0)
                {
                    error = $"an empty member name at {start} (recursive descent '..' is not supported)";
                    return false;
                }

                segments.Add(name == "*" ? Segment.Wildcard : Segment.Member(name));
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"'[' at {i} is not closed";
                    return false;
                }

                var inside = text[(i + 1)..close];
                if (inside == "*")
                {
                    segments.Add(Segment.Wildcard);
                }
                else if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
                {
                    segments.Add(Segment.Member(inside[1..^1]));
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(Segment.Index(index));
                }
                else
                {
                    error = $"'[{inside}]' is not supported (use [*], [n] or ['name'])";
                    return false;
                }

                i = close + 1;
            }
            else
            {
                error = $"unexpected '{text[i]}' at {i}";
                return false;
            }
        }

        path = new JsonPathSubset(text, segments.ToImmutable());
        error = string.Empty;
        return true;
    }

    /// <summary>The strings (and numbers, as text) the path selects, in document order, each once.</summary>
    public ImmutableArray<string> SelectStrings(JsonElement root)
    {
        IEnumerable<JsonElement> nodes = [root];
        foreach (var segment in segments)
        {
            nodes = nodes.SelectMany(segment.Apply);
        }

        var values = new List<string>();
        foreach (var node in nodes)
        {
            var value = node.ValueKind switch
            {
                JsonValueKind.String => node.GetString(),
                JsonValueKind.Number => node.GetRawText(),
                _ => null,
            };
            if (!string.IsNullOrEmpty(value) && !values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
            }
        }

        return [.. values];
    }

    public override string ToString() => Text;

    private sealed record Segment(Func<JsonElement, IEnumerable<JsonElement>> Apply)
    {
        public static Segment Wildcard { get; } = new(node => node.ValueKind switch
        {
            JsonValueKind.Array => node.EnumerateArray(),
            JsonValueKind.Object => node.EnumerateObject().Select(p => p.Value),
            _ => [],
        });

        public static Segment Member(string name) => new(node =>
            node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) ? [value] : []);

        public static Segment Index(int index) => new(node =>
            node.ValueKind == JsonValueKind.Array && index < node.GetArrayLength() ? [node[index]] : []);
    }
}
