using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nox.Brands;
using Nox.Brands.OAuth2;
using Nox.LinkSessions;

namespace Nox.Grains.Tests.Brands;

public sealed class BrandsOptionsValidatorTests
{
    private static Dictionary<string, string?> Valid(string key = "daikin", string endpoint = "https://vendor.example") => new()
    {
        [$"Nox:Brands:{key}:Kind"] = "oauth2",
        [$"Nox:Brands:{key}:AuthorizationEndpoint"] = $"{endpoint}/authorize",
        [$"Nox:Brands:{key}:TokenEndpoint"] = $"{endpoint}/token",
        [$"Nox:Brands:{key}:ClientId"] = "client",
        [$"Nox:Brands:{key}:ClientSecret"] = "secret",
        [$"Nox:Brands:{key}:Scopes"] = "openid devices",
        [$"Nox:Brands:{key}:DevicesEndpoint"] = $"{endpoint}/devices",
        [$"Nox:Brands:{key}:DeviceIdsPath"] = "$.devices[*].id",
    };

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddNoxBrandConnectors();
        services.AddDataProtection();
        services.AddOAuth2BrandConnectors(configuration);
        return services.BuildServiceProvider();
    }

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        try
        {
            _ = services.GetRequiredService<IOptions<BrandsOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
    }

    [Fact]
    public void A_complete_brand_is_valid_and_gets_an_oauth2_connector_while_the_others_stay_on_the_sandbox()
    {
        var settings = Valid();
        foreach (var (key, value) in Valid("saunier-duval", "http://127.0.0.1:8443"))
        {
            settings[key] = value;
        }

        using var services = Services(settings);
        var registry = services.GetRequiredService<IBrandConnectorRegistry>();

        Assert.Empty(Failures(settings));
        Assert.IsType<OAuth2BrandConnector>(registry.For(Brand.Daikin));
        Assert.IsType<OAuth2BrandConnector>(registry.For(Brand.SaunierDuval));
        Assert.IsType<SandboxBrandConnector>(registry.For(Brand.Nibe));
    }

    [Theory]
    [InlineData("http://localhost:8080")]
    [InlineData("http://127.0.0.1")]
    [InlineData("https://api.vendor.example:8443/v1")]
    public void Https_anywhere_and_http_on_loopback_are_accepted(string endpoint)
    {
        Assert.Empty(Failures(Valid(endpoint: endpoint)));
    }

    [Theory]
    [InlineData("http://vendor.example", "Nox:Brands:daikin:AuthorizationEndpoint must be an absolute https URL")]
    [InlineData("http://10.0.0.1", "Nox:Brands:daikin:TokenEndpoint must be an absolute https URL")]
    [InlineData("ftp://vendor.example", "Nox:Brands:daikin:DevicesEndpoint must be an absolute https URL")]
    [InlineData("/relative", "Nox:Brands:daikin:AuthorizationEndpoint must be an absolute https URL")]
    public void Other_endpoints_are_refused_naming_the_key(string endpoint, string expected)
    {
        Assert.Contains(Failures(Valid(endpoint: endpoint)), f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ClientId", "Nox:Brands:daikin:ClientId is required.")]
    [InlineData("TokenEndpoint", "Nox:Brands:daikin:TokenEndpoint is required.")]
    [InlineData("DeviceIdsPath", "Nox:Brands:daikin:DeviceIdsPath is required")]
    public void A_missing_field_is_refused_naming_the_key(string field, string expected)
    {
        var settings = Valid();
        settings.Remove($"Nox:Brands:daikin:{field}");

        Assert.Contains(Failures(settings), f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_ids_path_outside_the_subset_is_refused()
    {
        var settings = Valid();
        settings["Nox:Brands:daikin:DeviceIdsPath"] = "$..id";

        Assert.Contains(Failures(settings), f => f.StartsWith("Nox:Brands:daikin:DeviceIdsPath is not a supported JSONPath", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_brand_key_or_kind_is_refused()
    {
        var settings = Valid("tesla");
        settings["Nox:Brands:nibe:Kind"] = "oauth1";

        var failures = Failures(settings);

        Assert.Contains(failures, f => f.StartsWith("Nox:Brands:tesla is not a brand key", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Nox:Brands:nibe:Kind must be 'oauth2' or 'sandbox'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_public_client_without_a_secret_and_a_sandbox_section_are_valid()
    {
        var settings = Valid();
        settings.Remove("Nox:Brands:daikin:ClientSecret");
        settings.Remove("Nox:Brands:daikin:Scopes");
        settings["Nox:Brands:nibe:Kind"] = "sandbox";

        Assert.Empty(Failures(settings));
    }

    [Fact]
    public void The_authorization_url_carries_the_client_the_redirect_the_scope_and_the_challenge()
    {
        var settings = Valid();
        settings["Nox:Brands:daikin:AuthorizationEndpoint"] = "https://vendor.example/authorize?audience=nox";
        using var services = Services(settings);
        var connector = Assert.IsType<OAuth2BrandConnector>(services.GetRequiredService<IBrandConnectorRegistry>().For(Brand.Daikin));

        var url = connector.AuthorizationUrl("https://auth.nox.test/ui/callback", "challenge-value");

        Assert.Equal(
            "https://vendor.example/authorize?audience=nox&response_type=code&client_id=client&redirect_uri=https%3A%2F%2Fauth.nox.test%2Fui%2Fcallback&scope=openid%20devices&code_challenge=challenge-value&code_challenge_method=S256",
            url);
    }
}
