namespace Nox.Api.Hosting;

/// <summary>The API outlives any silo: it keeps trying to reach the cluster until it is stopped.</summary>
public sealed partial class RetryUntilConnected(ILogger<RetryUntilConnected> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempt++, 5))));
        LogRetry(exception.GetType().Name, delay.TotalSeconds);
        await Task.Delay(delay, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster not reachable ({Reason}); retrying in {Seconds} s")]
    private partial void LogRetry(string reason, double seconds);
}
