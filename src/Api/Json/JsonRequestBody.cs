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

    /// <summary>
    /// As <see cref="ReadAsync{T}"/>, for a body that may be left out: no body at all (whatever its
    /// <c>Content-Type</c>) reads as <c>{}</c>.
    /// </summary>
    public static async Task<(T? Value, RequestBodyProblem? Error)> ReadOptionalAsync<T>(HttpRequest request, Func<JsonElement, (T? Value, RequestBodyProblem? Error)> validate)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && await IsEmptyAsync(request)))
        {
            using var empty = JsonDocument.Parse("{}");
            return validate(empty.RootElement);
        }

        return await ReadAsync(request, validate);
    }

    private static async Task<bool> IsEmptyAsync(HttpRequest request)
    {
        var read = await request.BodyReader.ReadAtLeastAsync(1, request.HttpContext.RequestAborted);
        var empty = read.Buffer.IsEmpty && read.IsCompleted;
        // Nothing consumed: the body is read again from its start.
        request.BodyReader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        return empty;
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
