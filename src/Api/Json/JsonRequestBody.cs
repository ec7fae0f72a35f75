using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Nox.Api.Errors;

namespace Nox.Api.Json;

/// <summary>
/// Reads a JSON request body under the API's limits, each broken one with its own status:
/// not <c>application/json</c> 415, over 16 KiB 413, not JSON 400.
/// </summary>
public static class JsonRequestBody
{
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>
    /// Parses the body and hands its root to <paramref name="validate"/>. The document lives only during
    /// that call: it borrows the request's buffer rather than copying it.
    /// </summary>
    public static async Task<(T? Value, RequestBodyProblem? Error)> ReadAsync<T>(HttpRequest request, Func<JsonElement, (T? Value, RequestBodyProblem? Error)> validate)
    {
        if (!request.HasJsonContentType())
        {
            return (default, RequestBodyProblem.UnsupportedMediaType("The request body must be application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (default, TooLarge());
        }

        // Read at most one byte past the limit: a body without Content-Length is bounded too.
        var read = await request.BodyReader.ReadAtLeastAsync(MaxBytes + 1, request.HttpContext.RequestAborted);
        try
        {
            if (read.Buffer.Length > MaxBytes)
            {
                return (default, TooLarge());
            }

            using var document = Parse(read.Buffer);
            return document is null
                ? (default, RequestBodyProblem.Invalid("The request body is not valid JSON."))
                : validate(document.RootElement);
        }
        finally
        {
            request.BodyReader.AdvanceTo(read.Buffer.End);
        }
    }

    private static RequestBodyProblem TooLarge() =>
        RequestBodyProblem.TooLarge("The request body is larger than 16 KiB.");

    private static JsonDocument? Parse(ReadOnlySequence<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
