using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// What a user granted at a manufacturer's consent page (OAuth 2.0 authorization code with PKCE): the code,
/// the verifier of the challenge the consent was asked with, and the redirect URI it was asked for, which the
/// token request must repeat. It travels only between grains; its text form names the brand alone.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.BrandGrant")]
public sealed record BrandGrant(
    [property: Id(0)] Brand Brand,
    [property: Id(1)] string Code,
    [property: Id(2)] string CodeVerifier,
    [property: Id(3)] string RedirectUri)
{
    public override string ToString() => $"BrandGrant {{ Brand = {Brand} }}";
}
