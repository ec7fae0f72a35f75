using System.Text.Json;
using Nox.Api.Errors;
using Nox.Api.Json;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>
/// Reads <c>{"brand": "…"}</c>: the brand's exact, case-sensitive contract name. The rules here are the
/// only ones; <see cref="LinkSessionRequestSchemas"/> writes them into the OpenAPI document.
/// </summary>
public static class CompleteLinkSessionRequestReader
{
    public const string BrandMember = "brand";

    public static Task<(Brand? Brand, RequestBodyProblem? Error)> ReadAsync(HttpRequest request) =>
        JsonRequestBody.ReadAsync<Brand?>(request, Validate);

    private static (Brand?, RequestBodyProblem?) Validate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, RequestBodyProblem.Invalid("The request body must be a JSON object."));
        }

        if (!body.TryGetProperty(BrandMember, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, RequestBodyProblem.Invalid("brand is required.", BrandMember));
        }

        if (!JsonStrings.TryGetString(element, out var name) || !BrandNames.TryParse(name, out var brand))
        {
            return (null, RequestBodyProblem.Invalid($"brand must be one of: {string.Join(", ", BrandNames.WireNames)}.", BrandMember));
        }

        return (brand, null);
    }
}
