namespace Nox.Suppliers;

/// <summary>An API instance's report that a key was last used at <see cref="LastUsedAt"/> (Unix seconds).</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.ApiKeyUse")]
public sealed record ApiKeyUse(
    [property: Id(0)] string KeyId,
    [property: Id(1)] long LastUsedAt);
