using System.Text.Json;
using Nox.Api.Errors;
using Nox.Api.Json;

namespace Nox.Api.Administration;

/// <summary>
/// Reads the bodies of issuing and rotating a key. Both bodies may be left out. The rules here are the only
/// ones; <see cref="AdminRequestSchemas"/> writes them into the admin OpenAPI document.
/// </summary>
public static class ApiKeyRequestReader
{
    public const string ExpiresAtMember = "expires_at";
    public const string GraceSecondsMember = "grace_seconds";

    /// <summary>The last second <see cref="DateTimeOffset"/> can hold (9999-12-31T23:59:59Z).</summary>
    public const long MaxExpiresAt = 253_402_300_799;

    public const long MaxGraceSeconds = 604_800;

    public const long DefaultGraceSeconds = 86_400;

    public static Task<(long? ExpiresAt, RequestBodyProblem? Error)> ReadIssueAsync(HttpRequest request) =>
        JsonRequestBody.ReadOptionalAsync<long?>(request, body =>
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (null, RequestBodyProblem.Invalid("The request body must be a JSON object.", null));
            }

            if (!body.TryGetProperty(ExpiresAtMember, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return (null, null);
            }

            // In the future is the cluster's to say (its clock decides when a key expires).
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var expiresAt) && expiresAt is > 0 and <= MaxExpiresAt
                ? (expiresAt, null)
                : (null, RequestBodyProblem.Invalid("expires_at must be null or a Unix time in seconds, in the future.", ExpiresAtMember));
        });

    public static Task<(long GraceSeconds, RequestBodyProblem? Error)> ReadRotateAsync(HttpRequest request) =>
        JsonRequestBody.ReadOptionalAsync<long>(request, body =>
        {
            if (body.ValueKind != JsonValueKind.Object)
            {
                return (0, RequestBodyProblem.Invalid("The request body must be a JSON object.", null));
            }

            if (!body.TryGetProperty(GraceSecondsMember, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return (DefaultGraceSeconds, null);
            }

            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var grace) && grace is >= 0 and <= MaxGraceSeconds
                ? (grace, null)
                : (0, RequestBodyProblem.Invalid($"grace_seconds must be an integer from 0 to {MaxGraceSeconds}.", GraceSecondsMember));
        });
}
