namespace Nox.LinkSessions;

/// <summary>
/// A link session as its grain sees it at one instant. The token is not part of it: the grain is
/// keyed by a hash of the token and never learns the token itself (see <see cref="LinkToken"/>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSession")]
public sealed record LinkSession(
    [property: Id(0)] string Supplier,
    [property: Id(1)] string SupplierUserId,
    [property: Id(2)] string RedirectUrl,
    [property: Id(3)] Brand? Brand,
    [property: Id(4)] Language Language,
    [property: Id(5)] long CreatedAt,
    [property: Id(6)] long ExpiresAt,
    [property: Id(7)] long? CompletedAt,
    [property: Id(8)] LinkSessionStatus Status);
