namespace Nox.Suppliers;

/// <summary>The supplier fields an admin can set.</summary>
[Flags]
[GenerateSerializer]
[Alias("nox.SupplierFields")]
public enum SupplierFields
{
    None = 0,
    DisplayName = 1,
    AllowedRedirectUrls = 2,
    RateLimit = 4,
}
