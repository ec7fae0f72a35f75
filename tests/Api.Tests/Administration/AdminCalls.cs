using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Nox.Api.Tests.Administration;

/// <summary>Admin API calls the tests arrange state with; each asserts that its call worked.</summary>
public static class AdminCalls
{
    public const string SuppliersPath = "/v2/admin/suppliers";

    public const string RedirectUrl = "https://admin-tests.example/return";

    /// <summary>A fresh name: tests share their fixture's cluster.</summary>
    public static string NewName(string prefix = "sup") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static async Task<string> CreateSupplierAsync(HttpClient admin, string? name = null, object? body = null)
    {
        name ??= NewName();
        var response = await admin.PostAsJsonAsync(SuppliersPath, body ?? new { name, allowed_redirect_urls = new[] { RedirectUrl } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    /// <summary>Issues a key: its id and the key itself.</summary>
    public static async Task<(string Id, string Key)> IssueKeyAsync(HttpClient admin, string name, object? body = null)
    {
        var response = await admin.PostAsJsonAsync($"{SuppliersPath}/{name}/api-keys", body ?? new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("key").GetString()!);
    }

    public static async Task<JsonElement> KeysAsync(HttpClient admin, string name)
    {
        var response = await admin.GetAsync($"{SuppliersPath}/{name}/api-keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
    }

    public static async Task<JsonElement> KeyAsync(HttpClient admin, string name, string id) =>
        (await KeysAsync(admin, name)).EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);

    /// <summary>Creates a link session with a supplier's key: the status it is answered with.</summary>
    public static async Task<HttpStatusCode> CreateSessionAsync(HttpClient client, string apiKey, string redirectUrl = RedirectUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/supplier/link-sessions")
        {
            Content = JsonContent.Create(new { user_id = "admin-user", redirect_url = redirectUrl }),
        };
        request.Headers.Add("x-api-key", apiKey);
        return (await client.SendAsync(request)).StatusCode;
    }

    public static HttpRequestMessage Patch(string path, object body) => new(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
}
