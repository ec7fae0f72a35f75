using Nox.Webhooks;
using Orleans.Storage;

namespace Nox.LinkSessions;

/// <summary>
/// Creation through the sessions' grain storage and the webhook store: one write per session and one index command
/// per batch, all started at once so that a pipelining client (Redis) sends them together. Used where one command
/// cannot do both: in memory (the embedded default, test clusters) and on Redis Cluster, where a session's key and
/// its index key live in different slots.
/// </summary>
public sealed class GrainStorageLinkSessionCreation(IGrainStorage storage, IWebhookStore webhooks) : ILinkSessionCreationStorage
{
    public Task[] Store(ReadOnlySpan<LinkSessionCreationWrite> sessions, long bucket, int shard)
    {
        var writes = new Task[sessions.Length];
        var members = new string[sessions.Length];
        for (var i = 0; i < sessions.Length; i++)
        {
            writes[i] = WriteAsync(sessions[i].GrainId, sessions[i].State);
            members[i] = sessions[i].IndexMember;
        }

        var index = IndexAsync(bucket, shard, members);
        for (var i = 0; i < writes.Length; i++)
        {
            // The write's own failure first, then the index's.
            writes[i] = Task.WhenAll(writes[i], index);
        }

        return writes;
    }

    /// <summary>A write that throws before it returns a task fails its own session like any other.</summary>
    private async Task WriteAsync(GrainId grainId, LinkSessionState state) =>
        await storage.WriteStateAsync(LinkSessionGrain.StateName, grainId, new GrainState<LinkSessionState>(state));

    private async Task IndexAsync(long bucket, int shard, string[] members) =>
        await webhooks.AddToExpiryIndexAsync(bucket, shard, members);
}
