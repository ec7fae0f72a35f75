using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nox.Api.Hosting;

/// <summary>Ready once the cluster client is connected.</summary>
public sealed class ClusterConnectionCheck(ClusterConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.IsConnected ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not connected to the cluster"));
}
