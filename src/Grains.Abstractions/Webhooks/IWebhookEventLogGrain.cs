namespace Nox.Webhooks;

/// <summary>
/// Reads suppliers' event logs (the last <see cref="WebhookEventLogLimits.Retention"/>) and asks for redeliveries.
/// A stateless worker: the log is in storage, and every call names its supplier, who sees nothing else.
/// </summary>
[Alias("nox.IWebhookEventLogGrain")]
public interface IWebhookEventLogGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<WebhookEventPage> ListAsync(string supplier, int limit, string? startingAfter);

    /// <summary>Sends the event again to every endpoint subscribed to its type now; false when the supplier has no such event.</summary>
    [Alias("Redeliver")]
    Task<bool> RedeliverAsync(string supplier, string eventId);
}
