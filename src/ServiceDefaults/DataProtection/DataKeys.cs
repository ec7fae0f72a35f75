namespace Nox.Hosting.DataProtection;

/// <summary>What a <see cref="DataKeyRing"/> holds once loaded: the key that seals, and every key that opens (the current one among them).</summary>
public sealed record DataKeys(DataKey Current, DataKey[] All);
