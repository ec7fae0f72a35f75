using Nox.Brands;
using Nox.LinkSessions;
using Nox.Testing.Faults;
using StackExchange.Redis;

namespace Nox.Grains.Tests.LinkSessions;

/// <summary>
/// Reads of a session interleave with its other calls: a read is answered while a command of the same
/// grain is held at a gate (no timing involved: the command cannot go on until the test releases it), and
/// it answers what storage holds, never a change that is still being written.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LinkSessionReadInterleavingTests(ClusterFixture fixture)
{
    private readonly LinkSessionScenario scenario = new(fixture);

    private static RedisConnectionException RedisDown() => new(ConnectionFailureType.SocketFailure, CommandFlags.None, "No connection is active/available to service this operation.", null, CommandStatus.Unknown);

    [Fact]
    public async Task Reads_are_answered_while_a_completion_waits_for_the_brand_connector_and_see_the_session_pending()
    {
        var (_, grain, created) = await scenario.CreateAsync(userId: $"user-{Guid.NewGuid():N}");
        var connectorReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<LinkSessionCommandResult> completion;
        using (fixture.Faults.Connector.Script(async (account, _) =>
        {
            connectorReached.TrySetResult();
            await gate.Task;
            return new BrandConnection(["dev-1"]);
        }))
        {
            completion = grain.CompleteAsync(SiloFaults.ScriptedBrand);
            await connectorReached.Task;

            // The completion holds the grain's one non-interleaving turn until the gate opens; the reads
            // would wait for it (and the test would hang) if they were serialized behind it.
            Assert.Equal(created, await grain.GetForSupplierAsync(ClusterFixture.Supplier));
            Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
            Assert.False(completion.IsCompleted);

            gate.SetResult();
            Assert.Equal(LinkSessionOutcome.Succeeded, (await completion).Outcome);
        }

        Assert.Equal(LinkSessionStatus.Completed, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task A_read_during_the_completion_write_answers_the_stored_pending_session_and_the_completion_once_written()
    {
        var (_, grain, created) = await scenario.CreateAsync(userId: $"user-{Guid.NewGuid():N}");
        var hold = fixture.Faults.Storage.HoldNextWrite(grain.GetGrainId());

        var completion = grain.CompleteAsync(Brand.Daikin);
        await hold.Reached;

        Assert.Equal(created, await grain.GetForSupplierAsync(ClusterFixture.Supplier));
        Assert.Null((await grain.GetAsync())!.CompletedAt);

        hold.Release();
        var completed = await completion;
        Assert.Equal(LinkSessionOutcome.Succeeded, completed.Outcome);
        Assert.Equal(completed.Session, await grain.GetAsync());
        Assert.Equal(LinkSessionStatus.Completed, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task A_read_during_a_completion_write_that_then_fails_never_saw_the_completion()
    {
        var (_, grain, _) = await scenario.CreateAsync(userId: $"user-{Guid.NewGuid():N}");
        var hold = fixture.Faults.Storage.HoldNextWrite(grain.GetGrainId());
        fixture.Faults.Storage.FailNextWrite(grain.GetGrainId(), RedisDown());

        var completion = grain.CompleteAsync(Brand.Daikin);
        await hold.Reached;
        var duringWrite = await grain.GetAsync();

        hold.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => completion);
        Assert.Equal(LinkSessionStatus.Pending, duringWrite!.Status);
        Assert.Equal(LinkSessionStatus.Pending, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task A_read_during_the_expire_write_answers_the_session_pending_and_expired_once_written()
    {
        var (_, grain, created) = await scenario.CreateAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        var hold = fixture.Faults.Storage.HoldNextWrite(grain.GetGrainId());

        var expiry = grain.ExpireAsync(ClusterFixture.Supplier);
        await hold.Reached;

        var duringWrite = await grain.GetForSupplierAsync(ClusterFixture.Supplier);
        Assert.Equal(LinkSessionStatus.Pending, duringWrite!.Status);
        Assert.Equal(created.ExpiresAt, duringWrite.ExpiresAt);

        hold.Release();
        Assert.Equal(LinkSessionOutcome.Succeeded, (await expiry).Outcome);
        Assert.Equal(LinkSessionStatus.Expired, (await grain.GetForSupplierAsync(ClusterFixture.Supplier))!.Status);
    }
}
