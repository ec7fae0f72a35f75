using System.Globalization;
using System.Text;
using System.Text.Json;
using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.LinkSessions;
using Nox.Suppliers;

namespace Nox.Api.LinkSessions;

/// <summary>
/// Reads and validates a create request by hand so that every broken rule gets its own 4xx and
/// message, in the order a supplier would fix them. The rules here are the only ones:
/// <see cref="LinkSessionRequestSchemas"/> writes them into the OpenAPI document.
/// </summary>
public static class CreateLinkSessionRequestReader
{
    public const string UserIdMember = "user_id";
    public const string RedirectUrlMember = "redirect_url";
    public const string BrandMember = "brand";
    public const string LanguageMember = "language";

    /// <summary>The rules of <c>user_id</c> in words, for the OpenAPI document; the code below enforces them.</summary>
    public const string UserIdRule =
        "The supplier's internal user ID for the end-user. Its length counts Unicode characters (an emoji is one). " +
        "It may not contain control characters (Cc), format characters (Cf, such as U+200B zero width space or U+202E " +
        "right-to-left override), line or paragraph separators (U+2028, U+2029) or noncharacters " +
        "(U+FDD0 to U+FDEF, and U+FFFE and U+FFFF in every plane).";

    /// <summary>The rules of <c>redirect_url</c> in words, for the OpenAPI document; the code below enforces them.</summary>
    public const string RedirectUrlRule =
        "Where the user is sent after completing the flow: an absolute https URL (http only for localhost and " +
        "127.0.0.1) equal, character for character, to one of the supplier's allowed redirect URLs.";

    public const int MinUserIdLength = 1;

    /// <summary>In Unicode scalar values (an emoji is one), as JSON Schema's <c>maxLength</c> counts.</summary>
    public const int MaxUserIdLength = 255;

    /// <summary>The request as a <see cref="NewLinkSession"/>, or the error to answer with.</summary>
    public static Task<(NewLinkSession? Session, RequestBodyProblem? Error)> ReadAsync(HttpRequest request, SupplierConfiguration supplier) =>
        JsonRequestBody.ReadAsync(request, body => Validate(body, supplier));

    private static (NewLinkSession?, RequestBodyProblem?) Validate(JsonElement body, SupplierConfiguration supplier)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail("The request body must be a JSON object.", null);
        }

        var (userId, userIdError) = ReadUserId(body);
        if (userIdError is not null)
        {
            return Fail(userIdError, UserIdMember);
        }

        var (redirectUrl, redirectError) = ReadRedirectUrl(body, supplier);
        if (redirectError is not null)
        {
            return Fail(redirectError, RedirectUrlMember);
        }

        Brand? brand = null;
        if (body.TryGetProperty(BrandMember, out var brandElement) && brandElement.ValueKind != JsonValueKind.Null)
        {
            if (!JsonStrings.TryGetString(brandElement, out var name) || !BrandNames.TryParse(name, out var parsed))
            {
                return Fail($"brand must be null or one of: {string.Join(", ", BrandNames.WireNames)}.", BrandMember);
            }

            brand = parsed;
        }

        var language = Languages.Default;
        if (body.TryGetProperty(LanguageMember, out var languageElement) && languageElement.ValueKind != JsonValueKind.Null)
        {
            if (!JsonStrings.TryGetString(languageElement, out var code) || !Languages.TryParse(code, out language))
            {
                return Fail($"language must be one of: {string.Join(", ", Languages.Codes)}.", LanguageMember);
            }
        }

        return (new NewLinkSession(supplier.Name, userId!, redirectUrl!, brand, language), null);
    }

    private static (NewLinkSession?, RequestBodyProblem?) Fail(string message, string? field) => (null, RequestBodyProblem.Invalid(message, field));

    private static (string? Value, string? Error) ReadUserId(JsonElement body)
    {
        if (!body.TryGetProperty(UserIdMember, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, "user_id is required.");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return (null, "user_id must be a string.");
        }

        if (!JsonStrings.TryGetString(element, out var value))
        {
            return (null, "user_id must be valid Unicode text.");
        }

        return UserIdError(value) is { } error ? (null, error) : (value, null);
    }

    /// <summary>What is wrong with a <c>user_id</c> (the rules of <see cref="UserIdRule"/>), or null when nothing is.</summary>
    public static string? UserIdError(string value)
    {
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return "user_id must not contain control characters.";
            }

            if (IsInvisibleOrNoncharacter(rune))
            {
                return "user_id must not contain format characters (such as U+200B or U+202E), line or paragraph separators, or noncharacters.";
            }

            length++;
        }

        return length is < MinUserIdLength or > MaxUserIdLength
            ? $"user_id must be {MinUserIdLength} to {MaxUserIdLength} characters long."
            : null;
    }

    /// <summary>
    /// Characters that make two ids look the same while they differ (zero-width spaces, direction
    /// overrides, soft hyphens, line and paragraph separators), and the 66 noncharacters, which are
    /// never meant to be exchanged.
    /// </summary>
    private static bool IsInvisibleOrNoncharacter(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is >= 0xFDD0 and <= 0xFDEF
        || (rune.Value & 0xFFFE) == 0xFFFE;

    private static (string? Value, string? Error) ReadRedirectUrl(JsonElement body, SupplierConfiguration supplier)
    {
        if (!body.TryGetProperty(RedirectUrlMember, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, "redirect_url is required.");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return (null, "redirect_url must be a string.");
        }

        if (!JsonStrings.TryGetString(element, out var value))
        {
            return (null, "redirect_url must be valid Unicode text.");
        }

        if (!RedirectUrls.IsAcceptableScheme(value))
        {
            return (null, "redirect_url must be an absolute https URL (http is allowed only for localhost and 127.0.0.1).");
        }

        if (!supplier.AllowedRedirectUrls.Contains(value, StringComparer.Ordinal))
        {
            return (null, "redirect_url is not one of the supplier's allowed redirect URLs.");
        }

        return (value, null);
    }
}
