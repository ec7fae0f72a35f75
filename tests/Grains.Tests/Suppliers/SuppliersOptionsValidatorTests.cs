using Microsoft.Extensions.Options;
using Nox.Suppliers.Configuration;
using Nox.Testing;

namespace Nox.Grains.Tests.Suppliers;

/// <summary>Supplier configuration a silo refuses to start with, and that the refusal names the key at fault, never its value.</summary>
public sealed class SuppliersOptionsValidatorTests
{
    private const string AcmeKey = "acme-validator-key-0123456789";
    private const string GlobexKey = "globex-validator-key-0123456789";

    [Fact]
    public void Well_formed_configuration_passes()
    {
        var result = Validate(
            Supplier("acme", keys: [AcmeKey], urls: ["https://acme.example/return", "http://localhost:3000/callback", "http://127.0.0.1/done"]),
            Supplier("globex", digests: [SupplierOptions.HashApiKey(GlobexKey)], urls: ["https://globex.example/done"]));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void The_same_plain_key_for_two_suppliers_is_refused_naming_both_keys()
    {
        var result = Validate(Supplier("acme", keys: [AcmeKey]), Supplier("globex", keys: [GlobexKey, AcmeKey]));

        AssertRefused(result, "Nox:Suppliers:1:ApiKeys:1", "Nox:Suppliers:0:ApiKeys:0");
    }

    [Fact]
    public void A_plain_key_and_the_digest_of_the_same_key_for_two_suppliers_are_refused()
    {
        var result = Validate(
            Supplier("acme", keys: [AcmeKey]),
            Supplier("globex", digests: [SupplierOptions.HashApiKey(AcmeKey).ToUpperInvariant()]));

        AssertRefused(result, "Nox:Suppliers:1:ApiKeySha256:0", "Nox:Suppliers:0:ApiKeys:0");
    }

    [Fact]
    public void The_same_digest_for_two_suppliers_is_refused()
    {
        var digest = SupplierOptions.HashApiKey(GlobexKey);

        var result = Validate(Supplier("acme", digests: [digest]), Supplier("globex", digests: [digest]));

        AssertRefused(result, "Nox:Suppliers:1:ApiKeySha256:0", "Nox:Suppliers:0:ApiKeySha256:0");
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-key")]
    [InlineData("twenty-three-characters")]
    public void A_plain_key_shorter_than_24_characters_is_refused(string key)
    {
        Assert.Equal(23, "twenty-three-characters".Length);

        var result = Validate(Supplier("acme", keys: [AcmeKey, key]));

        AssertRefused(result, "Nox:Suppliers:0:ApiKeys:1", "24 characters");
    }

    [Theory]
    [InlineData("http://acme.example/return")]
    [InlineData("http://10.0.0.5/return")]
    [InlineData("http://localhost.acme.example/return")]
    [InlineData("ftp://acme.example/return")]
    [InlineData("/return")]
    public void A_redirect_url_the_api_would_refuse_is_refused(string url)
    {
        var result = Validate(Supplier("acme", keys: [AcmeKey], urls: ["https://acme.example/return", url]));

        AssertRefused(result, "Nox:Suppliers:0:AllowedRedirectUrls:1");
    }

    [Fact]
    public async Task A_silo_with_a_key_shared_by_two_suppliers_refuses_to_start_and_names_the_key()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Nox:Suppliers:0:Name"] = "acme",
            ["Nox:Suppliers:0:ApiKeys:0"] = AcmeKey,
            ["Nox:Suppliers:1:Name"] = "globex",
            ["Nox:Suppliers:1:ApiKeys:0"] = AcmeKey,
        };

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            CoHostedNoxApi.StartAsync(new NoxApiHostOptions { Name = "refused-silo", Settings = settings }));

        Assert.Contains("Nox:Suppliers:1:ApiKeys:0", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AcmeKey, refused.Message, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(params SupplierOptions[] suppliers) =>
        new SuppliersOptionsValidator().Validate(null, new SuppliersOptions { Suppliers = [.. suppliers] });

    private static SupplierOptions Supplier(string name, string[]? keys = null, string[]? digests = null, string[]? urls = null) => new()
    {
        Name = name,
        ApiKeys = [.. keys ?? []],
        ApiKeySha256 = [.. digests ?? []],
        AllowedRedirectUrls = [.. urls ?? [$"https://{name}.example/return"]],
    };

    private static void AssertRefused(ValidateOptionsResult result, params string[] fragments)
    {
        Assert.True(result.Failed, "the configuration was accepted");
        var failure = Assert.Single(result.Failures!);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, failure, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(AcmeKey, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(GlobexKey, failure, StringComparison.Ordinal);
    }
}
