using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.LinkSessions;
using Nox.Suppliers;

namespace Nox.Api.Administration;

/// <summary>
/// Reads and validates the bodies of creating (<c>POST</c>) and changing (<c>PATCH</c>) a supplier: every
/// broken rule is a 400 that names its member in <c>field</c>. The rules here are the only ones;
/// <see cref="AdminRequestSchemas"/> writes them into the admin OpenAPI document.
/// </summary>
public static partial class SupplierRequestReader
{
    public const string NameMember = "name";
    public const string DisplayNameMember = "display_name";
    public const string AllowedRedirectUrlsMember = "allowed_redirect_urls";
    public const string RateLimitMember = "rate_limit";
    public const string PermitsPerSecondMember = "permits_per_second";
    public const string BurstMember = "burst";

    /// <summary>A supplier's name: what <c>supplier</c> says in every link session, and the admin API's path.</summary>
    public const string NamePattern = "^[a-z0-9][a-z0-9-]{1,62}$";

    public const int MaxDisplayNameLength = 200;

    public const int MaxRedirectUrls = 100;

    public const int MaxRedirectUrlLength = 2048;

    public const string NameRule = "Lowercase letters, digits and hyphens, 2 to 63 characters, starting with a letter or digit. It cannot be changed, and a deleted supplier's name is not used again.";

    public const string RedirectUrlsRule = "The URLs link sessions may send the end-user back to, matched character for character: absolute https URLs (http only for localhost and 127.0.0.1).";

    public static Task<(NewSupplier? Supplier, RequestBodyProblem? Error)> ReadCreateAsync(HttpRequest request) =>
        JsonRequestBody.ReadAsync(request, ValidateCreate);

    public static Task<(SupplierUpdate? Update, RequestBodyProblem? Error)> ReadUpdateAsync(HttpRequest request) =>
        JsonRequestBody.ReadAsync(request, ValidateUpdate);

    /// <summary>Matches <see cref="NamePattern"/>, whose <c>$</c> .NET would also let match before a final line feed.</summary>
    public static bool IsValidName(string name) => NameRegex().IsMatch(name) && !name.EndsWith('\n');

    private static (NewSupplier?, RequestBodyProblem?) ValidateCreate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail<NewSupplier>("The request body must be a JSON object.", null);
        }

        if (!body.TryGetProperty(NameMember, out var nameElement) || nameElement.ValueKind == JsonValueKind.Null)
        {
            return Fail<NewSupplier>("name is required.", NameMember);
        }

        if (!JsonStrings.TryGetString(nameElement, out var name) || !IsValidName(name))
        {
            return Fail<NewSupplier>("name must be 2 to 63 lowercase letters, digits or hyphens, starting with a letter or digit.", NameMember);
        }

        string? displayName = null;
        if (body.TryGetProperty(DisplayNameMember, out var displayNameElement) && ReadDisplayName(displayNameElement, out displayName) is { } displayNameError)
        {
            return Fail<NewSupplier>(displayNameError, DisplayNameMember);
        }

        if (!body.TryGetProperty(AllowedRedirectUrlsMember, out var urlsElement) || urlsElement.ValueKind == JsonValueKind.Null)
        {
            return Fail<NewSupplier>("allowed_redirect_urls is required (it may be empty).", AllowedRedirectUrlsMember);
        }

        if (ReadRedirectUrls(urlsElement, out var urls) is { } urlsError)
        {
            return Fail<NewSupplier>(urlsError, AllowedRedirectUrlsMember);
        }

        int? permits = null, burst = null;
        if (body.TryGetProperty(RateLimitMember, out var rateLimitElement)
            && rateLimitElement.ValueKind != JsonValueKind.Null
            && ReadRateLimit(rateLimitElement, out permits, out burst) is { } rateLimitError)
        {
            return (null, rateLimitError);
        }

        var rateLimit = new SupplierRateLimit(permits ?? SupplierRateLimit.DefaultPermitsPerSecond, burst ?? SupplierRateLimit.DefaultBurst);
        return (new NewSupplier(name, displayName, urls, rateLimit), null);
    }

    private static (SupplierUpdate?, RequestBodyProblem?) ValidateUpdate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail<SupplierUpdate>("The request body must be a JSON object.", null);
        }

        if (body.TryGetProperty(NameMember, out _))
        {
            return Fail<SupplierUpdate>("name cannot be changed.", NameMember);
        }

        var update = new SupplierUpdate();
        if (body.TryGetProperty(DisplayNameMember, out var displayNameElement))
        {
            if (ReadDisplayName(displayNameElement, out var displayName) is { } error)
            {
                return Fail<SupplierUpdate>(error, DisplayNameMember);
            }

            update = update with { SetsDisplayName = true, DisplayName = displayName };
        }

        if (body.TryGetProperty(AllowedRedirectUrlsMember, out var urlsElement))
        {
            if (ReadRedirectUrls(urlsElement, out var urls) is { } error)
            {
                return Fail<SupplierUpdate>(error, AllowedRedirectUrlsMember);
            }

            update = update with { AllowedRedirectUrls = urls };
        }

        if (body.TryGetProperty(RateLimitMember, out var rateLimitElement))
        {
            if (ReadRateLimit(rateLimitElement, out var permits, out var burst) is { } error)
            {
                return (null, error);
            }

            update = update with { PermitsPerSecond = permits, Burst = burst };
        }

        return (update, null);
    }

    /// <summary>Null or a string of 1 to <see cref="MaxDisplayNameLength"/> characters without control characters.</summary>
    private static string? ReadDisplayName(JsonElement element, out string? displayName)
    {
        displayName = null;
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!JsonStrings.TryGetString(element, out var value))
        {
            return "display_name must be null or a string.";
        }

        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return "display_name must not contain control characters.";
            }

            length++;
        }

        if (length is < 1 or > MaxDisplayNameLength)
        {
            return $"display_name must be 1 to {MaxDisplayNameLength} characters long.";
        }

        displayName = value;
        return null;
    }

    private static string? ReadRedirectUrls(JsonElement element, out ImmutableArray<string> urls)
    {
        urls = [];
        if (element.ValueKind != JsonValueKind.Array)
        {
            return "allowed_redirect_urls must be an array of URLs.";
        }

        if (element.GetArrayLength() > MaxRedirectUrls)
        {
            return $"allowed_redirect_urls may hold at most {MaxRedirectUrls} URLs.";
        }

        var read = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            if (!JsonStrings.TryGetString(item, out var url))
            {
                return "allowed_redirect_urls must be an array of URLs.";
            }

            if (url.Length > MaxRedirectUrlLength || !RedirectUrlScheme.IsAcceptable(url))
            {
                return $"allowed_redirect_urls must hold absolute https URLs (http only for localhost and 127.0.0.1) of at most {MaxRedirectUrlLength} characters.";
            }

            read.Add(url);
        }

        urls = [.. read.Distinct(StringComparer.Ordinal)];
        return null;
    }

    /// <summary>An object whose members, each optional, are integers from 1 to <see cref="SupplierRateLimit.Maximum"/>.</summary>
    private static RequestBodyProblem? ReadRateLimit(JsonElement element, out int? permitsPerSecond, out int? burst)
    {
        permitsPerSecond = burst = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return RequestBodyProblem.Invalid("rate_limit must be an object with permits_per_second and burst.", RateLimitMember);
        }

        return ReadLimit(element, PermitsPerSecondMember, out permitsPerSecond) ?? ReadLimit(element, BurstMember, out burst);
    }

    private static RequestBodyProblem? ReadLimit(JsonElement rateLimit, string member, out int? value)
    {
        value = null;
        if (!rateLimit.TryGetProperty(member, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var number) || !SupplierRateLimit.IsValidValue(number))
        {
            return RequestBodyProblem.Invalid($"rate_limit.{member} must be an integer from 1 to {SupplierRateLimit.Maximum}.", $"{RateLimitMember}.{member}");
        }

        value = (int)number;
        return null;
    }

    private static (T?, RequestBodyProblem?) Fail<T>(string message, string? field) where T : class => (null, RequestBodyProblem.Invalid(message, field));

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
