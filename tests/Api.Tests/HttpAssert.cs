using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests;

public static class HttpAssert
{
    /// <summary>Asserts the status and the contract's error shape; returns the body.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? messageFragment = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = body.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        if (messageFragment is not null)
        {
            Assert.Contains(messageFragment, error, StringComparison.Ordinal);
        }

        return body;
    }

    /// <summary>A body with exactly the given Content-Type header (parameters included).</summary>
    public static StringContent Json(string json, string contentType = "application/json")
    {
        var content = new StringContent(json, System.Text.Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
