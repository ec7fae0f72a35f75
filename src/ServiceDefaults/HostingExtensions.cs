using Microsoft.Extensions.DependencyInjection;

namespace Nox.Hosting;

public static class HostingExtensions
{
    /// <summary>Health checks and the shutdown drain every Nox process has.</summary>
    public static IHealthChecksBuilder AddNoxHealth(this IServiceCollection services)
    {
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        return services.AddHealthChecks()
            .AddCheck<ShutdownDrain>("shutdown", tags: [HealthEndpoints.ReadyTag]);
    }
}
