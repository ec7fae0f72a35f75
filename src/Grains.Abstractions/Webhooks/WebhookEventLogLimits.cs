namespace Nox.Webhooks;

public static class WebhookEventLogLimits
{
    /// <summary>How long an event stays in its supplier's log.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public const int MaxPageSize = 100;

    public const int DefaultPageSize = 10;
}
