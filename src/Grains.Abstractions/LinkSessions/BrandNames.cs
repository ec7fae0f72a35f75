using System.Collections.Frozen;

namespace Nox.LinkSessions;

/// <summary>Maps brands to and from their contract names ("alpha innotec") and display names ("Alpha Innotec").</summary>
public static class BrandNames
{
    private static readonly (Brand Brand, string Wire, string Display)[] All =
    [
        (Brand.AlphaInnotec, "alpha innotec", "Alpha Innotec"),
        (Brand.Bulex, "bulex", "Bulex"),
        (Brand.Daikin, "daikin", "Daikin"),
        (Brand.DeWarmte, "dewarmte", "DeWarmte"),
        (Brand.Lg, "lg", "LG"),
        (Brand.Mitsubishi, "mitsubishi", "Mitsubishi"),
        (Brand.Nibe, "nibe", "NIBE"),
        (Brand.SaunierDuval, "saunier duval", "Saunier Duval"),
        (Brand.Toshiba, "toshiba", "Toshiba"),
        (Brand.Thermia, "thermia", "Thermia"),
        (Brand.Vaillant, "vaillant", "Vaillant"),
        (Brand.Viessmann, "viessmann", "Viessmann"),
    ];

    private static readonly FrozenDictionary<string, Brand> ByWireName =
        All.ToFrozenDictionary(b => b.Wire, b => b.Brand, StringComparer.Ordinal);

    public static IReadOnlyList<Brand> Brands { get; } = All.Select(b => b.Brand).ToArray();

    public static IReadOnlyList<string> WireNames { get; } = All.Select(b => b.Wire).ToArray();

    public static string ToWireName(this Brand brand) => All[(int)brand].Wire;

    public static string ToDisplayName(this Brand brand) => All[(int)brand].Display;

    /// <summary>Exact, case-sensitive match on the contract name.</summary>
    public static bool TryParse(string? wireName, out Brand brand) =>
        ByWireName.TryGetValue(wireName ?? string.Empty, out brand);
}
