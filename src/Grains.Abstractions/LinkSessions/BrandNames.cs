using System.Collections.Frozen;

namespace Nox.LinkSessions;

/// <summary>
/// Maps brands to and from their contract names ("alpha innotec", declared on <see cref="Brand"/>) and their
/// display names ("Alpha Innotec").
/// </summary>
public static class BrandNames
{
    private static readonly FrozenDictionary<Brand, string> DisplayNames = new Dictionary<Brand, string>
    {
        [Brand.AlphaInnotec] = "Alpha Innotec",
        [Brand.Bulex] = "Bulex",
        [Brand.Daikin] = "Daikin",
        [Brand.DeWarmte] = "DeWarmte",
        [Brand.Lg] = "LG",
        [Brand.Mitsubishi] = "Mitsubishi",
        [Brand.Nibe] = "NIBE",
        [Brand.SaunierDuval] = "Saunier Duval",
        [Brand.Toshiba] = "Toshiba",
        [Brand.Thermia] = "Thermia",
        [Brand.Vaillant] = "Vaillant",
        [Brand.Viessmann] = "Viessmann",
    }.ToFrozenDictionary();

    public static IReadOnlyList<Brand> Brands { get; } = Enum.GetValues<Brand>();

    public static IReadOnlyList<string> WireNames { get; } = EnumWireNames<Brand>.All;

    private static readonly FrozenDictionary<string, Brand> ByWireName =
        Brands.ToFrozenDictionary(ToWireName, StringComparer.Ordinal);

    public static string ToWireName(this Brand brand) => WireNames[(int)brand];

    public static string ToDisplayName(this Brand brand) => DisplayNames[brand];

    /// <summary>Exact, case-sensitive match on the contract name.</summary>
    public static bool TryParse(string? wireName, out Brand brand) =>
        ByWireName.TryGetValue(wireName ?? string.Empty, out brand);
}
