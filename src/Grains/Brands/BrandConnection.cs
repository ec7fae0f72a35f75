using System.Collections.Immutable;

namespace Nox.Brands;

/// <summary>
/// What connecting an account produced: the ids of its devices and, for a connector that keeps the account's
/// tokens, those tokens encrypted by <see cref="BrandCredentialVault"/> (null for the sandbox).
/// </summary>
public sealed record BrandConnection(ImmutableArray<string> DeviceIds, string? ProtectedCredentials = null)
{
    public override string ToString() => $"BrandConnection {{ Devices = {DeviceIds.Length} }}";
}
