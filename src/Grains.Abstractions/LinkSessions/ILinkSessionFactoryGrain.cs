namespace Nox.LinkSessions;

/// <summary>
/// Opens new sessions. It writes the first state of a session straight to the session's storage
/// entry, so creating a session costs one storage write and no activation of its grain; the grain
/// reads that state when it is first called.
/// </summary>
[Alias("nox.ILinkSessionFactoryGrain")]
public interface ILinkSessionFactoryGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<LinkSession> CreateAsync(string grainKey, NewLinkSession session);
}
