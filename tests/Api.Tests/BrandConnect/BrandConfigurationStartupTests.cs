using Microsoft.Extensions.Options;
using Nox.Testing;

namespace Nox.Api.Tests.BrandConnect;

/// <summary>A broken brand connector stops the silo from starting, in either topology, and the error names the key.</summary>
public sealed class BrandConfigurationStartupTests
{
    [Theory]
    [InlineData(Topology.Split)]
    [InlineData(Topology.CoHosted)]
    public async Task A_silo_with_a_plain_http_vendor_endpoint_refuses_to_start_naming_the_key(Topology topology)
    {
        var settings = new Dictionary<string, string?>(TestSuppliers.Settings)
        {
            ["Nox:Brands:saunier-duval:Kind"] = "oauth2",
            ["Nox:Brands:saunier-duval:AuthorizationEndpoint"] = "https://vendor.example/authorize",
            ["Nox:Brands:saunier-duval:TokenEndpoint"] = "http://vendor.example/token",
            ["Nox:Brands:saunier-duval:ClientId"] = "client",
            ["Nox:Brands:saunier-duval:DevicesEndpoint"] = "https://vendor.example/devices",
            ["Nox:Brands:saunier-duval:DeviceIdsPath"] = "$.devices[*].id",
        };

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions { Name = "bad-brand", Settings = settings });
        });

        var validation = FindValidationFailure(exception);
        Assert.Contains(validation.Failures, f => f.StartsWith("Nox:Brands:saunier-duval:TokenEndpoint must be an absolute https URL", StringComparison.Ordinal));
    }

    private static OptionsValidationException FindValidationFailure(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is OptionsValidationException validation)
            {
                return validation;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Select(FindValidationFailureOrNull).FirstOrDefault(v => v is not null) is { } inner)
            {
                return inner;
            }
        }

        throw new Xunit.Sdk.XunitException($"No OptionsValidationException in {exception}");
    }

    private static OptionsValidationException? FindValidationFailureOrNull(Exception exception)
    {
        try
        {
            return FindValidationFailure(exception);
        }
        catch (Xunit.Sdk.XunitException)
        {
            return null;
        }
    }
}
