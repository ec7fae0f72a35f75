using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// Whose account a connector connects. A real connector will need what the user granted at the
/// manufacturer (an authorization code, say); that belongs here when the first one arrives.
/// </summary>
public sealed record BrandAccount(string Supplier, string SupplierUserId, Brand Brand);
