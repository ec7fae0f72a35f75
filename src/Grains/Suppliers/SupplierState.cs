namespace Nox.Suppliers;

/// <summary>
/// A supplier's stored state. Fields are only ever added, with new ids: state written by earlier versions
/// must keep reading (see <see cref="Configuration"/>).
/// </summary>
[GenerateSerializer]
[Alias("nox.SupplierState")]
public sealed class SupplierState
{
    /// <summary>
    /// The whole state as versions before the admin API stored it (keys as bare digests). Read once, when
    /// such a supplier is activated, into the fields below; null from then on.
    /// </summary>
    [Id(0)] public SupplierConfiguration? Configuration { get; set; }

    /// <summary>0 until the supplier is created; then one more for every stored change.</summary>
    [Id(1)] public long Revision { get; set; }

    [Id(2)] public SupplierSource Source { get; set; }

    [Id(3)] public long CreatedAt { get; set; }

    /// <summary>Set once the supplier is deleted: a tombstone, so that neither configuration nor the admin API brings the name back.</summary>
    [Id(4)] public long? DeletedAt { get; set; }

    [Id(5)] public string? DisplayName { get; set; }

    [Id(6)] public List<string> AllowedRedirectUrls { get; set; } = [];

    [Id(7)] public SupplierRateLimit RateLimit { get; set; } = SupplierRateLimit.Default;

    /// <summary>Every key the supplier ever had, revoked and expired ones included, oldest first.</summary>
    [Id(8)] public List<ApiKeyRecord> ApiKeys { get; set; } = [];

    /// <summary>The fields an admin has set: configuration leaves them alone from then on.</summary>
    [Id(9)] public SupplierFields SetByAdmin { get; set; }

    public bool Exists => Revision > 0 && DeletedAt is null;
}
