namespace Nox.Brands;

/// <summary>
/// An account's OAuth tokens as the manufacturer issued them. Only <see cref="BrandCredentialVault"/> turns them
/// into text, encrypted; their text form here names nothing secret.
/// </summary>
public sealed record BrandTokens(string AccessToken, string? RefreshToken, long? ExpiresAt, string? Scope)
{
    public override string ToString() => "BrandTokens { redacted }";
}
