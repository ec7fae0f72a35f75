using System.Collections.Immutable;
using Nox.LinkSessions;

namespace Nox.Users;

/// <summary>The devices a user connected through one brand's account, at one moment.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.DeviceLink")]
public sealed record DeviceLink(
    [property: Id(0)] string Supplier,
    [property: Id(1)] string SupplierUserId,
    [property: Id(2)] Brand Brand,
    [property: Id(3)] ImmutableArray<string> DeviceIds,
    [property: Id(4)] long ConnectedAt);
