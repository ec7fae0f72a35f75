using System.ComponentModel;

namespace Nox.Api.Administration;

// The request bodies as the admin OpenAPI document shows them. Only shapes: requests are read by
// SupplierRequestReader and ApiKeyRequestReader, whose rules AdminRequestSchemas writes into the document.

/// <summary>The body of <c>POST /v2/admin/suppliers</c>.</summary>
public sealed record CreateSupplierRequest(
    [property: Description(SupplierRequestReader.NameRule)] string Name,
    [property: Description(SupplierRequestReader.RedirectUrlsRule)] IReadOnlyList<string> AllowedRedirectUrls,
    [property: Description("The name people read; null by default.")] string? DisplayName = null,
    [property: Description("The supplier's rate limit; each member defaults (500 and 1000).")] RateLimitRequest? RateLimit = null);

/// <summary>The body of <c>PATCH /v2/admin/suppliers/{name}</c>: the members given change, the others stay.</summary>
public sealed record UpdateSupplierRequest(
    [property: Description("The name people read; null clears it.")] string? DisplayName = null,
    [property: Description(SupplierRequestReader.RedirectUrlsRule + " Replaces the whole list.")] IReadOnlyList<string>? AllowedRedirectUrls = null,
    [property: Description("The supplier's rate limit; a member left out stays as it is.")] RateLimitRequest? RateLimit = null);

/// <summary>The body of <c>POST /v2/admin/suppliers/{name}/api-keys</c>; may be left out.</summary>
public sealed record IssueApiKeyRequest(
    [property: Description("Unix time (seconds) from which the key no longer works; in the future. Null: the key works until it is revoked or rotated.")] long? ExpiresAt = null);

/// <summary>The body of <c>POST /v2/admin/suppliers/{name}/api-keys/{id}/rotate</c>; may be left out.</summary>
public sealed record RotateApiKeyRequest(
    [property: Description("How many more seconds the old key works (0 to 604800); 86400 when left out.")]
    [property: DefaultValue(ApiKeyRequestReader.DefaultGraceSeconds)]
    long? GraceSeconds = null);

/// <summary>A rate limit in a request: each member may be left out.</summary>
public sealed record RateLimitRequest(
    [property: Description("Permits added per second, cluster-wide.")] int? PermitsPerSecond = null,
    [property: Description("The most permits that can be used at once.")] int? Burst = null);
