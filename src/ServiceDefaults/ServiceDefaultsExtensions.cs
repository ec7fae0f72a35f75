using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nox.Telemetry;

namespace Nox.Hosting;

/// <summary>
/// What every Nox process has, in one call each (eShop's ServiceDefaults): telemetry, health checks and
/// the shutdown drain; and <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>. Each process adds its own
/// readiness check (tag <see cref="HealthEndpoints.ReadyTag"/>).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddNoxTelemetry(serviceName);
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        builder.Services.AddHealthChecks().AddCheck<ShutdownDrain>("shutdown", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapNoxHealth();
        app.MapNoxMetrics();
        return app;
    }
}
