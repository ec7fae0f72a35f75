using System.Text.Json;

namespace Nox.Api.Json;

/// <summary>Reads request strings so that no value, however broken, can throw past a reader.</summary>
public static class JsonStrings
{
    /// <summary>
    /// The element's string, or false when it is not a string or is not valid Unicode: an escaped lone
    /// surrogate (<c>"\ud800"</c>) parses as JSON but has no UTF-16 string, and reading it would throw.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        value = string.Empty;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
