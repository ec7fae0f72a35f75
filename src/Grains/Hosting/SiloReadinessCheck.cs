using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nox.Suppliers.Configuration;

namespace Nox.Hosting;

/// <summary>Ready when this silo is active in the cluster, its storage answers, and its suppliers are applied.</summary>
public sealed class SiloReadinessCheck(
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    SupplierConfigurationLoader suppliers,
    IServiceProvider services) : IHealthCheck
{
    private static readonly TimeSpan StorageTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (status != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"silo is {status}");
        }

        if (services.GetService<RedisConnection>() is { } redis)
        {
            try
            {
                var connection = await redis.GetAsync().WaitAsync(StorageTimeout, cancellationToken);
                await connection.GetDatabase().PingAsync().WaitAsync(StorageTimeout, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"storage does not answer ({exception.GetType().Name})");
            }
        }

        return suppliers.Applied
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("supplier configuration not applied yet");
    }
}
