namespace Nox.Suppliers;

/// <summary>
/// The answer to a supplier command: the outcome, the supplier afterwards, and the configuration API
/// instances now get for it (null once it is deleted), which the directory publishes.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.SupplierResult")]
public sealed record SupplierResult(
    [property: Id(0)] SupplierAdminOutcome Outcome,
    [property: Id(1)] SupplierDetails? Supplier = null,
    [property: Id(2)] SupplierConfiguration? Configuration = null) : ISupplierCommandResult
{
    public bool Succeeded => Outcome == SupplierAdminOutcome.Succeeded;
}
