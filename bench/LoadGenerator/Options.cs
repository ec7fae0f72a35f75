using System.Globalization;

namespace Nox.Bench.LoadGenerator;

/// <summary>Command-line options as <c>--name value</c> pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> values;

    private Options(Dictionary<string, string> values) => this.values = values;

    public Uri Url => new(Required("url"));

    public string ApiKey => Required("key");

    public string RedirectUrl => Required("redirect");

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new Options(values);
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public double Number(string name, double fallback) =>
        values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
