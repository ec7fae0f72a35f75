using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Nox.LinkSessions;

namespace Nox.Brands.OAuth2;

public static class OAuth2ServiceCollectionExtensions
{
    /// <summary>
    /// The brands configured with <c>Kind=oauth2</c> under <c>Nox:Brands</c>: an <see cref="OAuth2BrandConnector"/>
    /// for each, with its own HTTP client behind a resilience handler. Configuration is validated when the silo
    /// starts (<see cref="BrandsOptionsValidator"/>); a section that is not a brand key is left to it.
    /// </summary>
    public static IServiceCollection AddOAuth2BrandConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrandsOptions>().Bind(configuration.GetSection("Nox")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrandsOptions>, BrandsOptionsValidator>();
        services.AddSingleton<BrandCredentialVault>();

        foreach (var section in configuration.GetSection(BrandsOptions.Section).GetChildren())
        {
            if (!BrandsOptions.TryParseKey(section.Key, out var brand)
                || !string.Equals(section[nameof(OAuth2BrandOptions.Kind)], BrandsOptions.OAuth2Kind, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = section.Key;
            services.AddHttpClient(OAuth2BrandConnector.HttpClientName(brand))
                // A token request must not follow a redirect anywhere with the client secret and the code.
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                .AddStandardResilienceHandler(ConfigureResilience);
            services.AddKeyedSingleton<IBrandConnector>(brand, (provider, _) => new OAuth2BrandConnector(
                brand,
                provider.GetRequiredService<IOptions<BrandsOptions>>().Value.Brands[key],
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetRequiredService<BrandCredentialVault>(),
                provider.GetRequiredKeyedService<TimeProvider>(ServiceClock.Key)));
        }

        return services;
    }

    /// <summary>
    /// Within <see cref="BrandConnections.Deadline"/> overall: a second try of the devices GET after a transient
    /// failure, never of the token POST (an authorization code is good for one exchange), and a circuit that
    /// opens on a failing vendor.
    /// </summary>
    private static void ConfigureResilience(HttpStandardResilienceOptions options)
    {
        options.TotalRequestTimeout.Timeout = BrandConnections.Deadline;
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
        options.Retry.MaxRetryAttempts = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.DisableForUnsafeHttpMethods();
    }
}
