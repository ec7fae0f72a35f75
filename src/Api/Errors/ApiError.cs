namespace Nox.Api.Errors;

/// <summary>
/// Every error body: RFC 9457 problem details plus <c>error</c>, the field the public NOX API uses.
/// <c>field</c> names the request member a validation error is about.
/// </summary>
public sealed record ApiError(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Error,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Field = null);
