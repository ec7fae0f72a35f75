using Nox.Api.Idempotency;

namespace Nox.Api.Tests.Idempotency;

/// <summary>Creates as a supplier sends them, with or without an <c>Idempotency-Key</c>.</summary>
public static class IdempotencyRequests
{
    public const string Path = "/v2/supplier/link-sessions";

    public static string Body(string userId = "user-1", string redirectUrl = ApiFixture.AcmeRedirect) =>
        $$"""{"user_id":"{{userId}}","redirect_url":"{{redirectUrl}}","brand":"daikin","language":"en"}""";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, string json, params string[] moreKeys)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = HttpAssert.Json(json) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader.Name, [key, .. moreKeys]);
        }

        return await client.SendAsync(request);
    }

    public static string? Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyKeyHeader.ReplayedName, out var values) ? string.Join(",", values) : null;

    /// <summary>Asserts that <paramref name="replay"/> is <paramref name="first"/> answered again: status, Location and body byte for byte.</summary>
    public static async Task AssertReplayOfAsync(HttpResponseMessage first, HttpResponseMessage replay)
    {
        Assert.Equal(System.Net.HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", Replayed(replay));
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(first.Content.Headers.ContentType, replay.Content.Headers.ContentType);
        Assert.Contains("no-store", replay.Headers.CacheControl?.ToString());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await replay.Content.ReadAsByteArrayAsync());
    }
}
