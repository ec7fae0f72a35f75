namespace Nox.LinkSessions;

/// <summary>A validated request to open a link session for one of a supplier's users.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.NewLinkSession")]
public sealed record NewLinkSession(
    [property: Id(0)] string Supplier,
    [property: Id(1)] string SupplierUserId,
    [property: Id(2)] string RedirectUrl,
    [property: Id(3)] Brand? Brand,
    [property: Id(4)] Language Language);
