using System.Text.Json;
using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>Reads <c>{"brand": "…"}</c>: the brand's exact, case-sensitive contract name.</summary>
public static class CompleteLinkSessionRequestReader
{
    public static Task<(Brand? Brand, IResult? Error)> ReadAsync(HttpRequest request) =>
        JsonRequestBody.ReadAsync<Brand?>(request, Validate);

    private static (Brand?, IResult?) Validate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiErrors.BadRequest("The request body must be a JSON object."));
        }

        if (!body.TryGetProperty("brand", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, ApiErrors.BadRequest("brand is required.", "brand"));
        }

        if (!JsonStrings.TryGetString(element, out var name) || !BrandNames.TryParse(name, out var brand))
        {
            return (null, ApiErrors.BadRequest($"brand must be one of: {string.Join(", ", BrandNames.WireNames)}.", "brand"));
        }

        return (brand, null);
    }
}
