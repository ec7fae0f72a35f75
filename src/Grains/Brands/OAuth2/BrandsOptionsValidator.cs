using System.Net;
using Microsoft.Extensions.Options;

namespace Nox.Brands.OAuth2;

/// <summary>
/// A silo with a broken brand connector refuses to start, naming the configuration key, rather than send users
/// to a consent page that cannot work. Endpoints are absolute https URLs; http only for <c>localhost</c> and
/// <c>127.0.0.1</c>, in any environment, so a development vendor works and a production one is never plain text.
/// </summary>
public sealed class BrandsOptionsValidator : IValidateOptions<BrandsOptions>
{
    public ValidateOptionsResult Validate(string? name, BrandsOptions options)
    {
        var failures = new List<string>();
        foreach (var (key, brand) in options.Brands)
        {
            var at = $"{BrandsOptions.Section}:{key}";
            if (!BrandsOptions.TryParseKey(key, out _))
            {
                failures.Add($"{at} is not a brand key (the brand's name with spaces as '-', such as 'daikin' or 'saunier-duval').");
                continue;
            }

            if (string.Equals(brand.Kind, BrandsOptions.SandboxKind, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!BrandsOptions.IsOAuth2(brand))
            {
                failures.Add($"{at}:Kind must be '{BrandsOptions.OAuth2Kind}' or '{BrandsOptions.SandboxKind}'.");
                continue;
            }

            Endpoint(failures, at, nameof(brand.AuthorizationEndpoint), brand.AuthorizationEndpoint);
            Endpoint(failures, at, nameof(brand.TokenEndpoint), brand.TokenEndpoint);
            Endpoint(failures, at, nameof(brand.DevicesEndpoint), brand.DevicesEndpoint);
            if (string.IsNullOrWhiteSpace(brand.ClientId))
            {
                failures.Add($"{at}:ClientId is required.");
            }

            if (string.IsNullOrWhiteSpace(brand.DeviceIdsPath))
            {
                failures.Add($"{at}:DeviceIdsPath is required (a JSONPath such as $.devices[*].id).");
            }
            else if (!JsonPathSubset.TryParse(brand.DeviceIdsPath, out _, out var error))
            {
                failures.Add($"{at}:DeviceIdsPath is not a supported JSONPath: {error}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Endpoint(List<string> failures, string at, string member, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{at}:{member} is required.");
        }
        else if (!IsAcceptable(value))
        {
            failures.Add($"{at}:{member} must be an absolute https URL (http only for localhost and 127.0.0.1), without a fragment.");
        }
    }

    /// <summary>Absolute https, or http on localhost or 127.0.0.1; no user info or fragment.</summary>
    public static bool IsAcceptable(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.UserInfo)
        && string.IsNullOrEmpty(uri.Fragment)
        && (uri.Scheme == Uri.UriSchemeHttps
            || (uri.Scheme == Uri.UriSchemeHttp && (uri.Host == "localhost" || (IPAddress.TryParse(uri.Host, out var ip) && ip.Equals(IPAddress.Loopback)))));
}
