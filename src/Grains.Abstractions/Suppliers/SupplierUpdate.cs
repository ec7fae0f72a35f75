using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>
/// A PATCH of a supplier: each member given is changed, the others are kept (a rate limit member by member).
/// A field an admin sets is the admin API's from then on: configuration never changes it again.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierUpdate")]
public sealed record SupplierUpdate
{
    /// <summary>True when <see cref="DisplayName"/> is to be set (to a name, or to null).</summary>
    [Id(0)] public bool SetsDisplayName { get; init; }

    [Id(1)] public string? DisplayName { get; init; }

    [Id(2)] public ImmutableArray<string>? AllowedRedirectUrls { get; init; }

    [Id(3)] public int? PermitsPerSecond { get; init; }

    [Id(4)] public int? Burst { get; init; }

    public bool SetsRateLimit => PermitsPerSecond is not null || Burst is not null;
}
