namespace Nox.Suppliers;

/// <summary>The answer to a key command: the outcome, the key concerned (the new one for issue and rotate), and the supplier's configuration afterwards.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.ApiKeyResult")]
public sealed record ApiKeyResult(
    [property: Id(0)] SupplierAdminOutcome Outcome,
    [property: Id(1)] ApiKeyDetails? Key = null,
    [property: Id(2)] SupplierConfiguration? Configuration = null) : ISupplierCommandResult
{
    public bool Succeeded => Outcome == SupplierAdminOutcome.Succeeded;
}
