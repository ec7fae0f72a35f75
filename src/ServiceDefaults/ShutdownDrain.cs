using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nox.Hosting;

/// <summary>
/// On SIGTERM, reports not-ready and keeps serving for <c>Nox:ShutdownDrainDelay</c> before the
/// server stops accepting, so a load balancer that routes by <c>/readyz</c> moves traffic away
/// first and no request is refused. Zero (the default) when a Kubernetes preStop hook does this.
/// </summary>
public sealed partial class ShutdownDrain(IConfiguration configuration, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService, IHealthCheck
{
    private volatile bool draining;

    public TimeSpan Delay { get; } = configuration.GetValue("Nox:ShutdownDrainDelay", TimeSpan.Zero);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(draining ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        draining = true;
        if (Delay > TimeSpan.Zero)
        {
            LogDraining(Delay.TotalSeconds);
            await Task.Delay(Delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: not ready, draining for {Seconds} s")]
    private partial void LogDraining(double seconds);
}
