using Nox.LinkSessions;

namespace Nox.Idempotency;

/// <summary>
/// The stored form of an <c>Idempotency-Key</c>'s use: the session as its first <c>201</c> showed it (which
/// also holds the request's fields, to tell a retry from another request), the grain key of that session,
/// and its token sealed by the API. Written by <see cref="LinkSessionFactoryGrain"/> beside the session;
/// read by <see cref="IdempotencyKeyGrain"/>.
/// </summary>
[GenerateSerializer]
[Alias("nox.IdempotencyRecord")]
public sealed class IdempotencyRecord
{
    [Id(0)] public LinkSession Session { get; set; } = null!;
    [Id(1)] public string SessionGrainKey { get; set; } = string.Empty;
    [Id(2)] public string SealedToken { get; set; } = string.Empty;

    /// <summary>From this instant the key is forgotten: a request under it runs anew.</summary>
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(Session.CreatedAt) + IdempotencyKeys.Retention;

    /// <summary>The same parsed request: every field the supplier sent, as validated.</summary>
    public bool Matches(NewLinkSession request) =>
        string.Equals(Session.Supplier, request.Supplier, StringComparison.Ordinal)
        && string.Equals(Session.SupplierUserId, request.SupplierUserId, StringComparison.Ordinal)
        && string.Equals(Session.RedirectUrl, request.RedirectUrl, StringComparison.Ordinal)
        && Session.Brand == request.Brand
        && Session.Language == request.Language;
}
