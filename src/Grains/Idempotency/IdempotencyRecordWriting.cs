using Nox.LinkSessions;
using Orleans.Storage;

namespace Nox.Idempotency;

/// <summary>
/// The write of one idempotency record, started by <see cref="LinkSessionFactoryGrain"/> beside its
/// session's write so that both go to storage in the same pipeline. It replaces exactly the version the
/// <see cref="IdempotencyKeyGrain"/> last saw (<see cref="IdempotencyRecordWrite.ETag"/>), so no other
/// writer's record is ever overwritten.
/// </summary>
public sealed class IdempotencyRecordWriting
{
    private readonly GrainState<IdempotencyRecord> state;

    private IdempotencyRecordWriting(GrainState<IdempotencyRecord> state, Task task)
    {
        this.state = state;
        Task = task;
    }

    public Task Task { get; }

    /// <summary>The stored record's version once the write succeeded; null until then, or when it failed.</summary>
    public string? StoredETag => Task.IsCompletedSuccessfully ? state.ETag : null;

    public static IdempotencyRecordWriting Start(IGrainStorage storage, IGrainFactory grains, IdempotencyRecordWrite write, string sessionGrainKey, LinkSession session)
    {
        var record = new IdempotencyRecord { Session = session, SessionGrainKey = sessionGrainKey, SealedToken = write.SealedToken };
        var state = new GrainState<IdempotencyRecord>(record, write.ETag) { RecordExists = write.ETag is not null };
        return new(state, WriteAsync(storage, grains.IdOf<IIdempotencyKeyGrain>(write.GrainKey), state));
    }

    /// <summary>A write that throws before it returns a task fails like any other.</summary>
    private static async Task WriteAsync(IGrainStorage storage, GrainId grainId, GrainState<IdempotencyRecord> state) =>
        await storage.WriteStateAsync(IdempotencyKeyGrain.StateName, grainId, state);
}
