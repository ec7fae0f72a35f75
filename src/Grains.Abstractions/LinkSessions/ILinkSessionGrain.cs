using Nox.Brands;
using Orleans.Concurrency;

namespace Nox.LinkSessions;

/// <summary>
/// One link session, keyed by <see cref="LinkToken.ToGrainKey"/>. The only place that decides whether
/// a session is pending, completed or expired.
/// </summary>
[Alias("nox.ILinkSessionGrain")]
public interface ILinkSessionGrain : IGrainWithStringKey
{
    /// <summary>The session as the given supplier may see it; null when it does not exist or is another supplier's.</summary>
    /// <remarks>Interleaves with every other call (see LinkSessionGrain for why that is safe).</remarks>
    [Alias("GetForSupplier")]
    [AlwaysInterleave]
    Task<LinkSession?> GetForSupplierAsync(string supplier);

    /// <summary>The session as the end-user's page sees it (the token is the credential); null when it does not exist.</summary>
    /// <remarks>Interleaves with every other call (see LinkSessionGrain for why that is safe).</remarks>
    [Alias("Get")]
    [AlwaysInterleave]
    Task<LinkSession?> GetAsync();

    /// <summary>
    /// The session as the Authenticator page shows it, like <see cref="GetAsync"/>; the first time it is served
    /// while pending, the session records that it was opened (the <c>link_session.opened</c> webhook event).
    /// </summary>
    [Alias("Open")]
    Task<LinkSession?> OpenAsync();

    /// <summary>Ends a pending session now. Idempotent on an expired session; refused on a completed one.</summary>
    [Alias("Expire")]
    Task<LinkSessionCommandResult> ExpireAsync(string supplier);

    /// <summary>
    /// Completes a pending session, at most once: connects the brand's account through its connector,
    /// links the devices to the session's NOX user and records the completion, which the result carries.
    /// Completing a completed session again with the brand it was completed with succeeds with the stored
    /// completion (a lost answer must not strand the user); with another brand it is
    /// <see cref="LinkSessionOutcome.AlreadyCompleted"/>. A session whose expiry passes while the connector
    /// or the user is awaited is not completed (<see cref="LinkSessionOutcome.AlreadyExpired"/>). A
    /// connector that fails or exceeds its deadline throws <see cref="BrandConnectorUnavailableException"/>
    /// and leaves the session pending. A brand that connects through its manufacturer's consent page is
    /// <see cref="LinkSessionOutcome.ConsentRequired"/> while the session is pending: it completes through
    /// <see cref="CompleteWithGrantAsync"/>.
    /// </summary>
    /// <remarks>
    /// The call may take the connector's 10 s deadline plus the user grain and the write, so it gets more
    /// than the default 5 s response timeout.
    /// </remarks>
    [Alias("Complete")]
    [ResponseTimeout("00:00:15")]
    Task<LinkSessionCommandResult> CompleteAsync(Brand brand);

    /// <summary>
    /// Completes the session as <see cref="CompleteAsync"/> does, with what the user granted at the manufacturer's
    /// consent page, which the brand's connector exchanges for its tokens and devices.
    /// </summary>
    [Alias("CompleteWithGrant")]
    [ResponseTimeout("00:00:15")]
    Task<LinkSessionCommandResult> CompleteWithGrantAsync(BrandGrant grant);
}
