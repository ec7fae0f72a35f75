namespace Nox.Webhooks;

/// <summary>How far a sweeper has come through its expiry buckets: it resumes there after any restart.</summary>
[GenerateSerializer]
[Alias("nox.WebhookSweeperState")]
public sealed class WebhookSweeperState
{
    /// <summary>The last expiry bucket swept; null before the first sweep.</summary>
    [Id(0)] public long? LastSweptBucket { get; set; }
}
