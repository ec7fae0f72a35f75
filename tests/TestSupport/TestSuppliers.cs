using System.Security.Cryptography;

namespace Nox.Testing;

/// <summary>
/// The suppliers most API tests use (acme with a plain key, globex with a key digest), and two admin keys
/// (one plain, one as a digest).
/// </summary>
public static class TestSuppliers
{
    public const string AcmeKey = "acme-test-key-0123456789abcdef";
    public const string GlobexKey = "globex-test-key-0123456789abcdef";
    public const string AcmeRedirect = "https://acme.example/return";
    public const string PublicBaseUrl = "https://auth.nox.test";
    public const string AdminKey = "admin-test-key-0123456789abcdef";
    public const string AdminDigestKey = "admin-digest-test-key-0123456789abcdef";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Nox:Suppliers:0:Name"] = "acme",
        ["Nox:Suppliers:0:ApiKeys:0"] = AcmeKey,
        ["Nox:Suppliers:0:AllowedRedirectUrls:0"] = AcmeRedirect,
        ["Nox:Suppliers:0:AllowedRedirectUrls:1"] = "https://acme.example/return?source=nox",
        ["Nox:Suppliers:0:AllowedRedirectUrls:2"] = "http://localhost:3000/callback",
        ["Nox:Suppliers:1:Name"] = "globex",
        ["Nox:Suppliers:1:ApiKeySha256:0"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(GlobexKey))),
        ["Nox:Suppliers:1:AllowedRedirectUrls:0"] = "https://globex.example/done",
        ["Nox:PublicBaseUrl"] = PublicBaseUrl,
        ["Nox:AdminApiKeys:0"] = AdminKey,
        ["Nox:AdminApiKeySha256:0"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AdminDigestKey))),
    };
}
