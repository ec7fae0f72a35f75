using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Nox.Bench.Peer;

public static class LinkSessionEndpoints
{
    private const string Path = "/v2/supplier/link-sessions";
    private const int MaxBodyBytes = 16 * 1024;

    public static void MapLinkSessions(this WebApplication app)
    {
        app.MapPost(Path, CreateAsync);
        app.MapGet(Path + "/{token}", GetAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PeerOptions options, LinkSessionStore store)
    {
        if (!options.IsApiKey(http.Request.Headers["x-api-key"]))
        {
            return Problem(StatusCodes.Status401Unauthorized, new Error("Unknown or missing x-api-key."));
        }

        if (!http.Request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, new Error("The request body must be application/json."));
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, new Error("The request body is larger than 16 KiB."));
        }

        CreateLinkSessionRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync(PeerJsonContext.Default.CreateLinkSessionRequest);
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, new Error("The request body is not valid JSON."));
        }

        if (request is null)
        {
            return Problem(StatusCodes.Status400BadRequest, new Error("The request body must be a JSON object."));
        }

        if (request.Validate(options) is { } error)
        {
            return Problem(StatusCodes.Status400BadRequest, error);
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var session = new LinkSession(options.Supplier, request.UserId!, request.RedirectUrl!, request.Brand, request.Language ?? "nl", now, now + 600, null);
        if (!await store.CreateAsync(token, session))
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, new Error("Retry."));
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{Path}/{token}", LinkSessionResponse.From(session, token, options.PublicBaseUrl, now));
    }

    private static async Task<IResult> GetAsync(string token, HttpContext http, PeerOptions options, LinkSessionStore store)
    {
        if (!options.IsApiKey(http.Request.Headers["x-api-key"]))
        {
            return Problem(StatusCodes.Status401Unauthorized, new Error("Unknown or missing x-api-key."));
        }

        if (token.Length != 32 || !Base64Url.IsValid(token, out var length) || length != 24)
        {
            return Problem(StatusCodes.Status404NotFound, new Error("No link session with this token."));
        }

        var session = await store.GetAsync(token);
        if (session is null || session.Supplier != options.Supplier)
        {
            return Problem(StatusCodes.Status404NotFound, new Error("No link session with this token."));
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(LinkSessionResponse.From(session, token, options.PublicBaseUrl, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    private static IResult Problem(int status, Error error) =>
        TypedResults.Json(error, PeerJsonContext.Default.Error, "application/problem+json", status);
}
