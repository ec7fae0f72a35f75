namespace Nox.LinkSessions;

/// <summary>
/// What became of one creation of a batch: the session, or why its write failed. Creations of a
/// batch succeed or fail one by one, so one failed write fails only its own creation.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.LinkSessionCreationResult")]
public sealed record LinkSessionCreationResult(
    [property: Id(0)] LinkSession? Session,
    [property: Id(1)] Exception? Failure)
{
    public static LinkSessionCreationResult Created(LinkSession session) => new(session, null);

    public static LinkSessionCreationResult Failed(Exception failure) => new(null, failure);
}
