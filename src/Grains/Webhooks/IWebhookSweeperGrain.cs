namespace Nox.Webhooks;

/// <summary>
/// One of <see cref="WebhookPartitions.Sweepers"/> sweepers (key 0…7), each owning a shard of the session indexes;
/// a reminder re-activates it after a silo is lost.
/// </summary>
[Alias("nox.IWebhookSweeperGrain")]
public interface IWebhookSweeperGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the sweeper's reminder (idempotent); every silo calls it at start.</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();
}
