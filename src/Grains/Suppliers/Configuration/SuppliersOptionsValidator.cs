using Microsoft.Extensions.Options;

namespace Nox.Suppliers.Configuration;

/// <summary>A silo with broken supplier configuration refuses to start rather than serve half of it.</summary>
public sealed class SuppliersOptionsValidator : IValidateOptions<SuppliersOptions>
{
    public ValidateOptionsResult Validate(string? name, SuppliersOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
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

            if (supplier.ApiKeys.Any(string.IsNullOrEmpty))
            {
                failures.Add($"{at}:ApiKeys has an empty key.");
            }

            if (supplier.ApiKeySha256.Any(h => h.Length != 64 || !h.All(Uri.IsHexDigit)))
            {
                failures.Add($"{at}:ApiKeySha256 must hold 64 hex digits per key.");
            }

            foreach (var url in supplier.AllowedRedirectUrls)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    failures.Add($"{at}:AllowedRedirectUrls has '{url}', which is not an absolute http(s) URL.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
