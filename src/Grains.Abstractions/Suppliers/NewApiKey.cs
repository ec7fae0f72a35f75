namespace Nox.Suppliers;

/// <summary>
/// A key the API minted, as the cluster receives it: its digest and its first characters, never the key.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.NewApiKey")]
public sealed record NewApiKey(
    [property: Id(0)] string Sha256,
    [property: Id(1)] string Prefix,
    [property: Id(2)] long? ExpiresAt = null);
