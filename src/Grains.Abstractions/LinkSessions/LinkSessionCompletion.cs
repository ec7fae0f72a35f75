using System.Collections.Immutable;

namespace Nox.LinkSessions;

/// <summary>
/// What completing a session produced: exactly what the supplier receives in the redirect's <c>data</c>
/// (<c>nox_user_id</c>, <c>supplier_user_id</c>, <c>brand</c>, <c>device_ids</c>, <c>connected_at</c>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCompletion")]
public sealed record LinkSessionCompletion(
    [property: Id(0)] string NoxUserId,
    [property: Id(1)] string SupplierUserId,
    [property: Id(2)] Brand Brand,
    [property: Id(3)] ImmutableArray<string> DeviceIds,
    [property: Id(4)] long ConnectedAt);
