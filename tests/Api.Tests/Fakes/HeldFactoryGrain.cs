using System.Collections.Concurrent;
using System.Collections.Immutable;
using Nox.LinkSessions;

namespace Nox.Api.Tests.Fakes;

/// <summary>
/// A link session factory whose calls wait until the test answers them (a slow or stalled cluster), or
/// answer at once once <see cref="Hold"/> is false. It records every batch it was sent.
/// </summary>
public sealed class HeldFactoryGrain : ILinkSessionFactoryGrain
{
    private readonly ConcurrentQueue<(ImmutableArray<LinkSessionCreation> Batch, TaskCompletionSource<ImmutableArray<LinkSessionCreationResult>> Answer)> held = new();
    private readonly ConcurrentQueue<ImmutableArray<LinkSessionCreation>> batches = new();

    public bool Hold { get; set; } = true;

    /// <summary>What each creation is answered with; a stored session by default.</summary>
    public Func<LinkSessionCreation, LinkSessionCreationResult> Result { get; set; } = c => LinkSessionCreationResult.Created(SessionFor(c));

    /// <summary>Every batch received so far, in order.</summary>
    public IReadOnlyList<ImmutableArray<LinkSessionCreation>> Batches => [.. batches];

    public int HeldCalls => held.Count;

    public static LinkSession SessionFor(LinkSessionCreation creation) => new(
        creation.Session.Supplier,
        creation.Session.SupplierUserId,
        creation.Session.RedirectUrl,
        creation.Session.Brand,
        creation.Session.Language,
        CreatedAt: 1_800_000_000,
        ExpiresAt: 1_800_000_000 + LinkSessionLifetime.Seconds,
        CompletedAt: null,
        LinkSessionStatus.Pending);

    public Task<ImmutableArray<LinkSessionCreationResult>> CreateAsync(ImmutableArray<LinkSessionCreation> creations)
    {
        batches.Enqueue(creations);
        if (!Hold)
        {
            return Task.FromResult(Answer(creations));
        }

        var answer = new TaskCompletionSource<ImmutableArray<LinkSessionCreationResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        held.Enqueue((creations, answer));
        return answer.Task;
    }

    /// <summary>Answers the calls that wait now (not those their answers lead to), as <see cref="Result"/> says.</summary>
    public void AnswerHeld()
    {
        for (var waiting = held.Count; waiting > 0 && held.TryDequeue(out var call); waiting--)
        {
            call.Answer.SetResult(Answer(call.Batch));
        }
    }

    private ImmutableArray<LinkSessionCreationResult> Answer(ImmutableArray<LinkSessionCreation> creations) => [.. creations.Select(Result)];
}
