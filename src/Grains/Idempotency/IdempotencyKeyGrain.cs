using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Storage;

namespace Nox.Idempotency;

/// <summary>
/// One supplier's <c>Idempotency-Key</c>. A single activation in the cluster decides what a request under the
/// key gets, so "still being processed" is a flag in its memory: the grain is reentrant only so that a
/// concurrent duplicate is answered <see cref="IdempotencyOutcome.InFlight"/> at once instead of queueing.
/// <para>
/// Cost: the activation reads the record (the one storage round trip a creation without the key does not
/// make); the new record is written by <see cref="LinkSessionFactoryGrain"/> in the same pipeline as the
/// session, with the version this grain read, so it never overwrites another writer's record. Because the
/// two writes can fail apart, a record read from storage is replayed only once its session is seen to exist.
/// </para>
/// <para>
/// Keys are mostly used once, so an activation is short-lived: it deactivates a few seconds after its first
/// request is answered (placed on the silo that received the call, which co-hosted is the API's own).
/// </para>
/// </summary>
[Reentrant]
[PreferLocalPlacement]
[CollectionAgeLimit(Minutes = 2)]
public sealed class IdempotencyKeyGrain(
    [FromKeyedServices(GrainStorageNames.Idempotency)] IGrainStorage storage,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock) : Grain, IIdempotencyKeyGrain
{
    /// <summary>The state name; <see cref="IdempotencyRecordWriting"/> writes under the same one.</summary>
    public const string StateName = "idempotency";

    /// <summary>How long an activation stays after answering, for a client's immediate retries.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    /// <summary>What storage holds, as far as this activation knows; null until it is read, and whenever a
    /// record write's outcome is unknown (storage is then read again before the next decision).</summary>
    private GrainState<IdempotencyRecord>? stored;

    /// <summary>The stored record's session is known to exist: this activation stored both, or looked.</summary>
    private bool sessionConfirmed;

    /// <summary>A request under the key is being processed.</summary>
    private bool inFlight;

    private IGrainTimer? release;

    public async Task<IdempotentCreationResult> CreateLinkSessionAsync(IdempotentLinkSessionCreation creation)
    {
        if (inFlight)
        {
            return IdempotentCreationResult.InFlight;
        }

        inFlight = true;
        try
        {
            var current = stored ??= await ReadAsync();
            if (await UsableRecordAsync(current) is { } record)
            {
                return record.Matches(creation.Session)
                    ? IdempotentCreationResult.Replayed(record.Session, record.SealedToken)
                    : IdempotentCreationResult.Mismatch;
            }

            return await CreateAsync(current, creation);
        }
        finally
        {
            inFlight = false;
            ReleaseSoon();
        }
    }

    private async Task<GrainState<IdempotencyRecord>> ReadAsync()
    {
        var state = new GrainState<IdempotencyRecord>();
        await storage.ReadStateAsync(StateName, this.GetGrainId(), state);
        sessionConfirmed = false;
        return state;
    }

    /// <summary>The record a request under the key is answered from; null when there is none, it expired, or its session was never stored.</summary>
    private async Task<IdempotencyRecord?> UsableRecordAsync(GrainState<IdempotencyRecord> current)
    {
        if (!current.RecordExists || current.State is not { } record || clock.GetUtcNow() >= record.ExpiresAt)
        {
            return null;
        }

        if (!sessionConfirmed)
        {
            // The session outlives its record in storage (its entry is kept longer), so a missing session means
            // its write failed while the record's succeeded: the first request was answered with an error.
            var session = await GrainFactory.Get<ILinkSessionGrain>(record.SessionGrainKey).GetForSupplierAsync(record.Session.Supplier);
            if (session is null)
            {
                return null;
            }

            sessionConfirmed = true;
        }

        return record;
    }

    private async Task<IdempotentCreationResult> CreateAsync(GrainState<IdempotencyRecord> current, IdempotentLinkSessionCreation creation)
    {
        var write = new IdempotencyRecordWrite(this.GetPrimaryKeyString(), current.ETag, creation.SealedToken);

        // Until the factory answers, storage may or may not hold the new record: if the call fails, read again.
        stored = null;
        sessionConfirmed = false;
        var results = await GrainFactory.Get<ILinkSessionFactoryGrain>(0).CreateAsync([new LinkSessionCreation(creation.SessionGrainKey, creation.Session, write, creation.Token)]);
        var result = results[0];
        if (result.IdempotencyETag is { } etag)
        {
            stored = result.Session is { } created
                ? new(new IdempotencyRecord { Session = created, SessionGrainKey = creation.SessionGrainKey, SealedToken = creation.SealedToken }, etag) { RecordExists = true }
                // Stored without its session: never answered from, and replaced by the next creation.
                : new(null!, etag) { RecordExists = false };
        }

        if (result.Session is not { } session)
        {
            throw result.Failure ?? new InvalidOperationException("The factory answered a creation with neither a session nor a failure.");
        }

        sessionConfirmed = true;
        return IdempotentCreationResult.Created(session);
    }

    private void ReleaseSoon() => release ??= this.RegisterGrainTimer(
        _ =>
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        },
        new GrainTimerCreationOptions(Linger, Timeout.InfiniteTimeSpan));
}
