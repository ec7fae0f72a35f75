using Nox.LinkSessions;
using Nox.Users;

namespace Nox.Api.Users;

/// <summary>A supplier's user as <c>GET /v2/supplier/users/{user_id}</c> shows it: never the stored credentials.</summary>
public sealed record SupplierUserResponse(string NoxUserId, string SupplierUserId, IReadOnlyList<SupplierUserBrand> Brands)
{
    public static SupplierUserResponse From(NoxUser user) => new(
        user.NoxUserId,
        user.SupplierUserId,
        [.. user.Brands.Select(b => new SupplierUserBrand(b.Brand, [.. b.DeviceIds], b.ConnectedAt))]);
}

/// <summary>One connected brand: its devices and when they were last linked (Unix seconds).</summary>
public sealed record SupplierUserBrand(Brand Brand, IReadOnlyList<string> DeviceIds, long ConnectedAt);
