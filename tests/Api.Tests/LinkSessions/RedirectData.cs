using System.Buffers.Text;
using System.Text.Json;

namespace Nox.Api.Tests.LinkSessions;

/// <summary>Reads the <c>data</c> parameter of a <c>redirect_to</c> the way a supplier would.</summary>
public static class RedirectData
{
    public static string DataOf(string redirectTo)
    {
        var query = new Uri(redirectTo).Query.TrimStart('?').Split('&');
        return Assert.Single(query, p => p.StartsWith("data=", StringComparison.Ordinal))["data=".Length..];
    }

    /// <summary>Asserts base64url without padding and returns the decoded JSON object.</summary>
    public static JsonElement Decode(string redirectTo)
    {
        var data = DataOf(redirectTo);
        Assert.Matches("^[A-Za-z0-9_-]+$", data);
        return JsonDocument.Parse(Base64Url.DecodeFromChars(data)).RootElement.Clone();
    }
}
