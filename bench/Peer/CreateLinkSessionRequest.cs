using System.Collections.Frozen;
using System.Text;

namespace Nox.Bench.Peer;

/// <summary>The create body, validated by the contract's rules (docs/supplier-api.md).</summary>
public sealed record CreateLinkSessionRequest(string? UserId, string? RedirectUrl, string? Brand, string? Language)
{
    private static readonly FrozenSet<string> Brands = new[]
    {
        "alpha innotec", "bulex", "daikin", "dewarmte", "lg", "mitsubishi", "nibe", "saunier duval", "toshiba", "thermia", "vaillant", "viessmann",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Languages = new[] { "nl", "en", "fr", "es" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Null when valid, else the error and its field.</summary>
    public Error? Validate(PeerOptions options)
    {
        if (string.IsNullOrEmpty(UserId))
        {
            return new Error("user_id is required.", "user_id");
        }

        var length = 0;
        foreach (var rune in UserId.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return new Error("user_id must not contain control characters.", "user_id");
            }

            length++;
        }

        if (length > 255)
        {
            return new Error("user_id must be 1 to 255 characters long.", "user_id");
        }

        if (RedirectUrl is null)
        {
            return new Error("redirect_url is required.", "redirect_url");
        }

        if (!Uri.TryCreate(RedirectUrl, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.Host is "localhost" or "127.0.0.1")))
        {
            return new Error("redirect_url must be an absolute https URL.", "redirect_url");
        }

        if (!options.AllowedRedirectUrls.Contains(RedirectUrl))
        {
            return new Error("redirect_url is not one of the supplier's allowed redirect URLs.", "redirect_url");
        }

        if (Brand is not null && !Brands.Contains(Brand))
        {
            return new Error("brand is not a known brand.", "brand");
        }

        return Language is not null && !Languages.Contains(Language) ? new Error("language must be one of: nl, en, fr, es.", "language") : null;
    }
}
