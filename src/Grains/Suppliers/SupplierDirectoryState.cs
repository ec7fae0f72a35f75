namespace Nox.Suppliers;

[GenerateSerializer]
[Alias("nox.SupplierDirectoryState")]
public sealed class SupplierDirectoryState
{
    /// <summary>Names of the suppliers that came from configuration.</summary>
    [Id(0)] public SortedSet<string> Configured { get; set; } = new(StringComparer.Ordinal);
}
