using System.Collections.Immutable;

namespace Nox.Users;

/// <summary>A NOX user as its grain sees it: the stable id and the linked brands, in brand order.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.NoxUser")]
public sealed record NoxUser(
    [property: Id(0)] string NoxUserId,
    [property: Id(1)] string Supplier,
    [property: Id(2)] string SupplierUserId,
    [property: Id(3)] ImmutableArray<LinkedBrand> Brands);
