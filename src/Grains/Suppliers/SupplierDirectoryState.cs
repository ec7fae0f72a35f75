namespace Nox.Suppliers;

[GenerateSerializer]
[Alias("nox.SupplierDirectoryState")]
public sealed class SupplierDirectoryState
{
    /// <summary>
    /// The name of every supplier that may exist (configured or created), so the directory knows which grains
    /// to read. A superset is harmless: a name whose grain holds no supplier publishes nothing. (Earlier
    /// versions stored the configured suppliers' names here.)
    /// </summary>
    [Id(0)] public SortedSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}
