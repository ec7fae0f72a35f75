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
/// message, in the order a supplier would fix them.
/// </summary>
public static class CreateLinkSessionRequestReader
{
    public const int MaxUserIdLength = 255;

    /// <summary>The request as a <see cref="NewLinkSession"/>, or the error result to answer with.</summary>
    public static Task<(NewLinkSession? Session, IResult? Error)> ReadAsync(HttpRequest request, SupplierConfiguration supplier) =>
        JsonRequestBody.ReadAsync(request, body => Validate(body, supplier));

    private static (NewLinkSession?, IResult?) Validate(JsonElement body, SupplierConfiguration supplier)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail("The request body must be a JSON object.", null);
        }

        if (ReadUserId(body) is { Error: { } userIdError })
        {
            return Fail(userIdError, "user_id");
        }

        var userId = body.GetProperty("user_id").GetString()!;

        if (ReadRedirectUrl(body, supplier) is { Error: { } redirectError })
        {
            return Fail(redirectError, "redirect_url");
        }

        var redirectUrl = body.GetProperty("redirect_url").GetString()!;

        Brand? brand = null;
        if (body.TryGetProperty("brand", out var brandElement) && brandElement.ValueKind != JsonValueKind.Null)
        {
            if (!JsonStrings.TryGetString(brandElement, out var name) || !BrandNames.TryParse(name, out var parsed))
            {
                return Fail($"brand must be null or one of: {string.Join(", ", BrandNames.WireNames)}.", "brand");
            }

            brand = parsed;
        }

        var language = Languages.Default;
        if (body.TryGetProperty("language", out var languageElement) && languageElement.ValueKind != JsonValueKind.Null)
        {
            if (!JsonStrings.TryGetString(languageElement, out var code) || !Languages.TryParse(code, out language))
            {
                return Fail($"language must be one of: {string.Join(", ", Languages.Codes)}.", "language");
            }
        }

        return (new NewLinkSession(supplier.Name, userId, redirectUrl, brand, language), null);
    }

    private static (NewLinkSession?, IResult?) Fail(string message, string? field) => (null, ApiErrors.BadRequest(message, field));

    private static (string? Value, string? Error) ReadUserId(JsonElement body)
    {
        if (!body.TryGetProperty("user_id", out var element) || element.ValueKind == JsonValueKind.Null)
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

        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return (null, "user_id must not contain control characters.");
            }

            if (IsInvisibleOrNoncharacter(rune))
            {
                return (null, "user_id must not contain format characters (such as U+200B or U+202E), line or paragraph separators, or noncharacters.");
            }

            length++;
        }

        return length is 0 or > MaxUserIdLength
            ? (null, $"user_id must be 1 to {MaxUserIdLength} characters long.")
            : (value, null);
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
        if (!body.TryGetProperty("redirect_url", out var element) || element.ValueKind == JsonValueKind.Null)
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
