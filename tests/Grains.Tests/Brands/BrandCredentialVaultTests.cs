using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Nox.Brands;
using Nox.Brands.OAuth2;
using Nox.LinkSessions;

namespace Nox.Grains.Tests.Brands;

public sealed class BrandCredentialVaultTests
{
    private static readonly BrandTokens Tokens = new("access-secret-1", "refresh-secret-2", 1_800_003_600, "openid devices");

    private readonly BrandCredentialVault vault = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Tokens_round_trip_and_the_ciphertext_shows_none_of_them()
    {
        var protectedCredentials = vault.Protect("acme", "user-1", Brand.Daikin, Tokens);

        Assert.Equal(Tokens, vault.Unprotect("acme", "user-1", Brand.Daikin, protectedCredentials));
        Assert.DoesNotContain("secret", protectedCredentials, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", Encoding.UTF8.GetString(Convert.FromBase64String(ToBase64(protectedCredentials))), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", Tokens.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("globex", "user-1", Brand.Daikin)]
    [InlineData("acme", "user-2", Brand.Daikin)]
    [InlineData("acme", "user-1", Brand.Nibe)]
    public void A_ciphertext_does_not_open_for_another_user_or_brand(string supplier, string userId, Brand brand)
    {
        var protectedCredentials = vault.Protect("acme", "user-1", Brand.Daikin, Tokens);

        Assert.ThrowsAny<CryptographicException>(() => vault.Unprotect(supplier, userId, brand, protectedCredentials));
    }

    [Fact]
    public void Pkce_s256_is_the_rfc_7636_example()
    {
        // RFC 7636, appendix B.
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", Pkce.NewVerifier());
        Assert.NotEqual(Pkce.NewVerifier(), Pkce.NewVerifier());
    }

    private static string ToBase64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
