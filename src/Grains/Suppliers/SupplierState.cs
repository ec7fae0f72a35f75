namespace Nox.Suppliers;

[GenerateSerializer]
[Alias("nox.SupplierState")]
public sealed class SupplierState
{
    /// <summary>Null while the supplier does not exist or after it was removed.</summary>
    [Id(0)] public SupplierConfiguration? Configuration { get; set; }
}
