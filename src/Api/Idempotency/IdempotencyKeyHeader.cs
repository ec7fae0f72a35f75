namespace Nox.Api.Idempotency;

/// <summary>
/// Reads the <c>Idempotency-Key</c> request header. The rules here are the only ones:
/// <see cref="IdempotencyKeyParameter"/> writes them into the OpenAPI document.
/// </summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>The response header that marks an answer as the first request's, answered again.</summary>
    public const string ReplayedName = "Idempotent-Replayed";

    public const int MinLength = 1;

    public const int MaxLength = 255;

    /// <summary>The rules in JSON Schema (ECMA-262) terms: printable ASCII, space included.</summary>
    public const string Pattern = "^[\\x20-\\x7E]+$";

    public const string Description =
        "Makes the create safe to retry: the same key with the same request answers the first 201 again, byte for byte, " +
        "with Idempotent-Replayed: true. 1 to 255 printable ASCII characters, chosen by the supplier (a UUID is a good " +
        "key); scoped to the supplier and kept 24 hours from the session's created_at. The same key with a different " +
        "request is 422; while the first request is still being processed, 409. A request that ended in 4xx or 503 is " +
        "not kept: retrying it under the same key runs it anew.";

    /// <summary>The key, null when the request has none; or the error to answer with.</summary>
    public static (string? Key, IdempotencyProblem? Error) Read(HttpRequest request)
    {
        var values = request.Headers[Name];
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1)
        {
            return (null, IdempotencyProblem.InvalidKey($"{Name} must be sent once."));
        }

        // As HTTP parses a field value (RFC 9110 5.5): whitespace around it is not part of it, whatever the host passed on.
        var key = (values[0] ?? string.Empty).Trim(' ', '\t');
        if (key.Length is < MinLength or > MaxLength)
        {
            return (null, IdempotencyProblem.InvalidKey($"{Name} must be {MinLength} to {MaxLength} characters long."));
        }

        foreach (var c in key)
        {
            if (c is < '\x20' or > '\x7E')
            {
                return (null, IdempotencyProblem.InvalidKey($"{Name} must contain only printable ASCII characters."));
            }
        }

        return (key, null);
    }
}
