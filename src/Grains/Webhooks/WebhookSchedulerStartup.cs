using Microsoft.Extensions.Logging;

namespace Nox.Webhooks;

/// <summary>
/// When a silo becomes active, makes sure every delivery partition and sweeper runs and has its reminder, which
/// re-activates it within a minute wherever it lives after a silo is lost. Every silo does it (idempotent); it
/// runs in the background and retries until it succeeds, so a slow store never delays the silo's start.
/// </summary>
public sealed partial class WebhookSchedulerStartup(IGrainFactory grains, ILogger<WebhookSchedulerStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(
        nameof(WebhookSchedulerStartup),
        ServiceLifecycleStage.Active,
        started =>
        {
            _ = Task.Run(StartAsync, CancellationToken.None);
            return Task.CompletedTask;
        },
        stopped =>
        {
            stopping.Cancel();
            return Task.CompletedTask;
        });

    private async Task StartAsync()
    {
        for (var delay = TimeSpan.FromSeconds(1); !stopping.IsCancellationRequested; delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2)))
        {
            try
            {
                await Task.WhenAll(
                    Enumerable.Range(0, WebhookPartitions.Deliveries).Select(p => grains.GetGrain<IWebhookDeliveryPartitionGrain>(p).EnsureRunningAsync())
                        .Concat(Enumerable.Range(0, WebhookPartitions.Sweepers).Select(s => grains.GetGrain<IWebhookSweeperGrain>(s).EnsureRunningAsync())));
                return;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                LogStartFailed(exception.GetType().Name, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook partitions and sweepers not started yet ({ExceptionType}); retrying in {Seconds} s")]
    private partial void LogStartFailed(string exceptionType, double seconds);
}
