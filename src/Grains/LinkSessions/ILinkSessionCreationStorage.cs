namespace Nox.LinkSessions;

/// <summary>
/// Stores what the creation of link sessions writes: each new session's first state, and its entry in the expiry
/// index from which the webhook sweepers emit <c>link_session.expired</c> for sessions nobody touches again. A
/// session is created only when both are stored, so no acknowledged session can miss its expiry event.
/// </summary>
public interface ILinkSessionCreationStorage
{
    /// <summary>
    /// Starts storing <paramref name="sessions"/>, whose expiry falls in the index's <paramref name="bucket"/>, in the
    /// index of the sweeper of <paramref name="shard"/>. Returns one task per session, in order, each failing on its
    /// own: a session whose key exists already fails with <see cref="InconsistentStateException"/>.
    /// </summary>
    Task[] Store(ReadOnlySpan<LinkSessionCreationWrite> sessions, long bucket, int shard);
}
