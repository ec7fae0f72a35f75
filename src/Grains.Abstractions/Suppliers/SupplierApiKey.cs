namespace Nox.Suppliers;

/// <summary>
/// A key that works, as API instances index it: its id (for last-use reports), the lowercase hex SHA-256
/// of the key, and when it stops working. Revoked keys are never part of a configuration.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierApiKey")]
public sealed record SupplierApiKey(
    [property: Id(0)] string Id,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long? ExpiresAt)
{
    /// <summary>A key works until its <c>expires_at</c> (Unix seconds), not at it.</summary>
    public static bool WorksAt(long? expiresAt, long now) => expiresAt is null || now < expiresAt;

    public bool WorksAt(long now) => WorksAt(ExpiresAt, now);
}
