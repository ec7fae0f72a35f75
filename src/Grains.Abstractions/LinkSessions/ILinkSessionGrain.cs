namespace Nox.LinkSessions;

/// <summary>
/// One link session, keyed by <see cref="LinkToken.ToGrainKey"/>. The only place that decides whether
/// a session is pending, completed or expired.
/// </summary>
[Alias("nox.ILinkSessionGrain")]
public interface ILinkSessionGrain : IGrainWithStringKey
{
    /// <summary>The session as the given supplier may see it; null when it does not exist or is another supplier's.</summary>
    [Alias("GetForSupplier")]
    Task<LinkSession?> GetForSupplierAsync(string supplier);

    /// <summary>The session as the end-user's page sees it (the token is the credential); null when it does not exist.</summary>
    [Alias("Get")]
    Task<LinkSession?> GetAsync();

    /// <summary>Ends a pending session now. Idempotent on an expired session; refused on a completed one.</summary>
    [Alias("Expire")]
    Task<LinkSessionCommandResult> ExpireAsync(string supplier);

    /// <summary>
    /// Completes a pending session, at most once: connects the brand's account through its connector,
    /// links the devices to the session's NOX user and records the completion, which the result carries.
    /// </summary>
    [Alias("Complete")]
    Task<LinkSessionCommandResult> CompleteAsync(Brand brand);
}
