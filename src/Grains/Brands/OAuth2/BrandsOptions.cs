using Nox.LinkSessions;

namespace Nox.Brands.OAuth2;

/// <summary><c>Nox:Brands</c>: the brands with a connector of their own, by brand key.</summary>
public sealed class BrandsOptions
{
    public const string Section = "Nox:Brands";

    public const string OAuth2Kind = "oauth2";

    public const string SandboxKind = "sandbox";

    public Dictionary<string, OAuth2BrandOptions> Brands { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A brand's key in configuration: its contract name with spaces as <c>-</c> (<c>saunier-duval</c>).</summary>
    public static string KeyOf(Brand brand) => brand.ToWireName().Replace(' ', '-');

    public static bool TryParseKey(string key, out Brand brand)
    {
        foreach (var candidate in BrandNames.Brands)
        {
            if (string.Equals(KeyOf(candidate), key, StringComparison.OrdinalIgnoreCase))
            {
                brand = candidate;
                return true;
            }
        }

        brand = default;
        return false;
    }

    public static bool IsOAuth2(OAuth2BrandOptions options) => string.Equals(options.Kind, OAuth2Kind, StringComparison.OrdinalIgnoreCase);
}
