namespace Nox.Suppliers;

/// <summary>One key a supplier has had. Never removed: a revoked or expired key stays as a record, so its digest can never be added again.</summary>
[GenerateSerializer]
[Alias("nox.ApiKeyRecord")]
public sealed class ApiKeyRecord
{
    [Id(0)] public string Id { get; set; } = string.Empty;

    /// <summary>Lowercase hex SHA-256 of the key; the key itself is never stored.</summary>
    [Id(1)] public string Sha256 { get; set; } = string.Empty;

    /// <summary>The key's first 12 characters; null for keys from configuration (only a digest is known).</summary>
    [Id(2)] public string? Prefix { get; set; }

    [Id(3)] public long CreatedAt { get; set; }

    [Id(4)] public long? ExpiresAt { get; set; }

    [Id(5)] public long? RevokedAt { get; set; }

    /// <summary>Approximate: as API instances reported it, stored lazily.</summary>
    [Id(6)] public long? LastUsedAt { get; set; }

    [Id(7)] public SupplierSource Source { get; set; }

    public bool WorksAt(long now) => RevokedAt is null && SupplierApiKey.WorksAt(ExpiresAt, now);

    public ApiKeyDetails ToDetails() => new(Id, Prefix, CreatedAt, ExpiresAt, RevokedAt, LastUsedAt, Source);
}
