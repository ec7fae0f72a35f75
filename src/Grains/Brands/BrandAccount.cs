using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// Whose account a connector connects, and what the user granted at the manufacturer's consent page for a
/// connector that needs it (<see cref="IAuthorizationBrandConnector"/>); null for one that does not.
/// </summary>
public sealed record BrandAccount(string Supplier, string SupplierUserId, Brand Brand, BrandGrant? Grant = null)
{
    public override string ToString() => $"BrandAccount {{ Brand = {Brand} }}";
}
