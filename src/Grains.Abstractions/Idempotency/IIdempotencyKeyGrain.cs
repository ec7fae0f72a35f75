using Nox.LinkSessions;

namespace Nox.Idempotency;

/// <summary>
/// One supplier's <c>Idempotency-Key</c>, keyed by a digest of the supplier and the key (the key itself
/// never reaches grain ids, logs or Redis keys). It is the one place in the cluster that decides what a
/// request under the key gets: a new link session, the first one again, or a refusal. Its record is kept
/// <see cref="IdempotencyKeys.Retention"/> after the session it names was created.
/// </summary>
[Alias("nox.IIdempotencyKeyGrain")]
public interface IIdempotencyKeyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens the session unless the key already has one: then answers that session again when the request
    /// is the same, or <see cref="IdempotencyOutcome.Mismatch"/>; while a request under the key is being
    /// processed, <see cref="IdempotencyOutcome.InFlight"/>. A creation that fails (its exception is
    /// thrown) is not remembered: a retry runs anew.
    /// </summary>
    [Alias("CreateLinkSession")]
    Task<IdempotentCreationResult> CreateLinkSessionAsync(IdempotentLinkSessionCreation creation);
}
