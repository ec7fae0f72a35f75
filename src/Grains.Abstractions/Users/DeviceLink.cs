using System.Collections.Immutable;
using Nox.LinkSessions;

namespace Nox.Users;

/// <summary>
/// The devices a user connected through one brand's account, at one moment, and the account's credentials
/// (its tokens, already encrypted by the silo's token vault; null for a brand that keeps none, the sandbox).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.DeviceLink")]
public sealed record DeviceLink(
    [property: Id(0)] string Supplier,
    [property: Id(1)] string SupplierUserId,
    [property: Id(2)] Brand Brand,
    [property: Id(3)] ImmutableArray<string> DeviceIds,
    [property: Id(4)] long ConnectedAt,
    [property: Id(5)] string? ProtectedCredentials = null)
{
    /// <summary>Without the credentials, even encrypted: records print every member otherwise.</summary>
    public override string ToString() => $"DeviceLink {{ Brand = {Brand}, Devices = {DeviceIds.Length}, ConnectedAt = {ConnectedAt} }}";
}
