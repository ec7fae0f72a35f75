namespace Nox.Webhooks;

/// <summary>
/// One delivery in a partition's queue: an event of a supplier for one endpoint, stored as one member
/// <c>{event id}|{endpoint id}|{supplier}</c> (ids never contain <c>|</c>; the supplier is the rest).
/// </summary>
public readonly record struct WebhookQueueEntry(string EventId, string EndpointId, string Supplier)
{
    public string Member => $"{EventId}|{EndpointId}|{Supplier}";

    public int Partition => WebhookPartitions.DeliveryPartitionOf(EndpointId);

    public static bool TryParse(string member, out WebhookQueueEntry entry)
    {
        var first = member.IndexOf('|', StringComparison.Ordinal);
        var second = first < 0 ? -1 : member.IndexOf('|', first + 1);
        entry = second < 0 ? default : new(member[..first], member[(first + 1)..second], member[(second + 1)..]);
        return second > 0;
    }
}
