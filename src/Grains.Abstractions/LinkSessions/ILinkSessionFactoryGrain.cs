using System.Collections.Immutable;

namespace Nox.LinkSessions;

/// <summary>
/// Opens new sessions. It writes the first state of each session straight to the session's storage
/// entry, so creating a session costs one storage write and no activation of its grain; the grain
/// reads that state when it is first called. It takes sessions in batches so that, under load, one
/// message carries many creations.
/// </summary>
[Alias("nox.ILinkSessionFactoryGrain")]
public interface ILinkSessionFactoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Opens every session in <paramref name="creations"/>; the results are in the same order, one per
    /// creation: a write that fails fails its own creation only.
    /// </summary>
    [Alias("CreateBatch")]
    Task<ImmutableArray<LinkSessionCreationResult>> CreateAsync(ImmutableArray<LinkSessionCreation> creations);
}
