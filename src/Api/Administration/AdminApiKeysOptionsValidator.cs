using Microsoft.Extensions.Options;
using Nox.Suppliers;

namespace Nox.Api.Administration;

/// <summary>A process with a guessable or malformed admin key refuses to start; failures name the key's configuration key, never its value.</summary>
public sealed class AdminApiKeysOptionsValidator : IValidateOptions<AdminApiKeysOptions>
{
    /// <summary>As for supplier keys: shorter plain keys are guessable.</summary>
    public const int MinimumLength = 24;

    public ValidateOptionsResult Validate(string? name, AdminApiKeysOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AdminApiKeys.Count; i++)
        {
            if ((options.AdminApiKeys[i] ?? string.Empty).Length < MinimumLength)
            {
                failures.Add($"Nox:AdminApiKeys:{i} is shorter than {MinimumLength} characters.");
            }
        }

        for (var i = 0; i < options.AdminApiKeySha256.Count; i++)
        {
            if (!ApiKeyDigest.IsWellFormed(options.AdminApiKeySha256[i] ?? string.Empty))
            {
                failures.Add($"Nox:AdminApiKeySha256:{i} must be 64 hex digits.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
