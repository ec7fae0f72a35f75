namespace Nox.Suppliers;

/// <summary>How an administration command ended; the admin API maps each to one status.</summary>
[GenerateSerializer]
[Alias("nox.SupplierAdminOutcome")]
public enum SupplierAdminOutcome
{
    Succeeded = 0,

    /// <summary>No supplier of that name, or it was deleted (404).</summary>
    SupplierNotFound = 1,

    /// <summary>Create: the name is taken (409).</summary>
    SupplierExists = 2,

    /// <summary>Create: the name belonged to a supplier that was deleted; names are not reused (409).</summary>
    SupplierDeleted = 3,

    /// <summary>No key with that id at this supplier (404).</summary>
    KeyNotFound = 4,

    /// <summary>Rotate: the key is revoked or expired (409).</summary>
    KeyNotActive = 5,

    /// <summary>Issue: <c>expires_at</c> is not in the future by the cluster's clock (400).</summary>
    ExpiryNotInFuture = 6,
}
