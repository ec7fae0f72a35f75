using Microsoft.Extensions.Options;
using Nox.LinkSessions;

namespace Nox.Suppliers.Configuration;

/// <summary>
/// A silo with broken or unsafe supplier configuration refuses to start rather than serve half of it.
/// Every failure names the configuration key it is about, and never a key's value.
/// </summary>
public sealed class SuppliersOptionsValidator : IValidateOptions<SuppliersOptions>
{
    /// <summary>Shorter plain keys are guessable; generated keys are far longer.</summary>
    public const int MinimumApiKeyLength = 24;

    public ValidateOptionsResult Validate(string? name, SuppliersOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);

        // Which supplier each key digest belongs to, and where it was configured: a key identifies one supplier.
        var keys = new Dictionary<string, (int Supplier, string At)>(StringComparer.Ordinal);
        void Claim(int supplier, string digest, string at)
        {
            if (!keys.TryAdd(digest, (supplier, at)) && keys[digest].Supplier != supplier)
            {
                failures.Add($"{at} is the same API key as {keys[digest].At}: a key must belong to one supplier.");
            }
        }

        for (var i = 0; i < options.Suppliers.Count; i++)
        {
            var supplier = options.Suppliers[i];
            var at = $"Nox:Suppliers:{i}";
            if (string.IsNullOrWhiteSpace(supplier.Name))
            {
                failures.Add($"{at}:Name is required.");
            }
            else if (!names.Add(supplier.Name))
            {
                failures.Add($"{at}:Name '{supplier.Name}' is used twice.");
            }

            for (var k = 0; k < supplier.ApiKeys.Count; k++)
            {
                var key = supplier.ApiKeys[k] ?? string.Empty;
                if (key.Length < MinimumApiKeyLength)
                {
                    failures.Add($"{at}:ApiKeys:{k} is shorter than {MinimumApiKeyLength} characters.");
                }
                else
                {
                    Claim(i, SupplierOptions.HashApiKey(key), $"{at}:ApiKeys:{k}");
                }
            }

            for (var k = 0; k < supplier.ApiKeySha256.Count; k++)
            {
                var digest = supplier.ApiKeySha256[k] ?? string.Empty;
                if (!ApiKeyDigest.IsWellFormed(digest))
                {
                    failures.Add($"{at}:ApiKeySha256:{k} must be 64 hex digits.");
                }
                else
                {
                    Claim(i, digest.ToLowerInvariant(), $"{at}:ApiKeySha256:{k}");
                }
            }

            if (!SupplierRateLimit.IsValidValue(supplier.RateLimit.PermitsPerSecond))
            {
                failures.Add($"{at}:RateLimit:PermitsPerSecond must be between 1 and {SupplierRateLimit.Maximum}.");
            }

            if (!SupplierRateLimit.IsValidValue(supplier.RateLimit.Burst))
            {
                failures.Add($"{at}:RateLimit:Burst must be between 1 and {SupplierRateLimit.Maximum}.");
            }

            for (var u = 0; u < supplier.AllowedRedirectUrls.Count; u++)
            {
                var url = supplier.AllowedRedirectUrls[u];
                if (!RedirectUrlScheme.IsAcceptable(url ?? string.Empty))
                {
                    failures.Add($"{at}:AllowedRedirectUrls:{u} is '{url}': it must be an absolute https URL (http only for localhost or 127.0.0.1), as the API requires of every redirect_url.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
