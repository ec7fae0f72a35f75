using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nox.Webhooks;

/// <summary>
/// Hands events that are already stored with the change that caused them (a session's outbox) to the
/// <see cref="WebhookEventLog"/>, off the caller's path: <see cref="Post"/> never waits, so no request waits for
/// the log, its storage or an endpoint. The queue is bounded; an event it drops, or loses with the process,
/// is recorded by a sweeper from the stored outbox (<see cref="WebhookSweeperGrain"/>), within about a minute.
/// </summary>
public sealed partial class WebhookOutboxRelay(WebhookEventLog log, ILogger<WebhookOutboxRelay> logger) : BackgroundService
{
    private const int Capacity = 10_000;
    private const int Workers = 4;

    private readonly Channel<WebhookEvent> queue = Channel.CreateBounded<WebhookEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = false });

    public void Post(WebhookEvent webhookEvent)
    {
        if (!queue.Writer.TryWrite(webhookEvent))
        {
            LogDropped(webhookEvent.Id);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => RelayAsync(stoppingToken)));

    private async Task RelayAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var webhookEvent in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await log.RecordAsync(webhookEvent);
                }
                catch (Exception exception)
                {
                    LogFailed(webhookEvent.Id, exception.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} not handed to the log now (the relay is full); a sweeper records it from its outbox")]
    private partial void LogDropped(string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {EventId} not recorded now ({ExceptionType}); a sweeper records it from its outbox")]
    private partial void LogFailed(string eventId, string exceptionType);
}
