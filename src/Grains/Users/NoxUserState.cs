using Nox.LinkSessions;

namespace Nox.Users;

/// <summary>The stored form of a NOX user.</summary>
[GenerateSerializer]
[Alias("nox.NoxUserState")]
public sealed class NoxUserState
{
    /// <summary>Null until the first link; never changes after it.</summary>
    [Id(0)] public string? NoxUserId { get; set; }
    [Id(1)] public string Supplier { get; set; } = string.Empty;
    [Id(2)] public string SupplierUserId { get; set; } = string.Empty;

    /// <summary>At most one entry per brand, in brand order.</summary>
    [Id(3)] public List<LinkedBrand> Brands { get; set; } = [];

    /// <summary>
    /// Each brand's tokens, encrypted by the silo's token vault (<c>BrandCredentialVault</c>); only brands whose
    /// connector keeps tokens have an entry. Never part of <see cref="NoxUser"/>, so never sent to the API.
    /// </summary>
    [Id(4)] public Dictionary<Brand, string> Credentials { get; set; } = [];

    public NoxUser ToNoxUser() => new(NoxUserId!, Supplier, SupplierUserId, [.. Brands]);
}
