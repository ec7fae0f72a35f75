using System.Globalization;
using System.Text.RegularExpressions;
using Nox.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nox.Integration.Tests.Faults;

/// <summary>
/// A silo that stalls without dying (SIGSTOP: a frozen VM, a starved node, a long pause) under a load that
/// forms batches (more workers than create calls in flight). Every create answers, 201 or 503, within
/// 6 s while it is stalled, and service is back within 12 s of it running again. Real processes on
/// Redis, in both topologies.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed partial class StalledSiloTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MaxCreate = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan MaxRecovery = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    /// <summary>Fewer create calls in flight than workers, so creations wait and share calls.</summary>
    private static readonly Dictionary<string, string?> FewCallsInFlight = new(NoxProcesses.UnlimitedRate) { ["Nox__CreateBatchesInFlight"] = "2" };

    private const int Workers = 16;

    [Fact]
    public async Task Split_with_the_silo_behind_the_api_stalled_every_create_answers_within_6_seconds_and_service_is_back_within_12()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nox = new NoxProcesses(redis);
        var silo = await nox.StartSiloAsync(NoxProcesses.UnlimitedRate);
        var api = await nox.StartApiAsync(FewCallsInFlight, waitUntilReady: true);

        var (load, stalledAt, resumedAt) = await RunThroughStallAsync(api, silo);
        await using (load)
        {
            Report(load, stalledAt, resumedAt);
            AssertEveryCreateAnsweredWithin(load, MaxCreate);
            Assert.Contains(load.Outcomes, o => o.IsCreate && o.StartedAt > stalledAt && o.StartedAt < resumedAt && o.Status == 503);
            AssertRecoveredWithin(load, resumedAt, MaxRecovery);
            await AssertCreationsSharedCallsAsync(api);
            Assert.Empty(await load.FindLostAsync(api));
        }
    }

    [Fact]
    public async Task CoHosted_with_the_other_silo_stalled_every_create_answers_within_6_seconds_and_service_is_back_within_12()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nox = new NoxProcesses(redis);
        var serving = await nox.StartSiloAsync(FewCallsInFlight, coHostApi: true);
        var stalled = await nox.StartSiloAsync(NoxProcesses.UnlimitedRate, coHostApi: true);

        // A stalled process cannot answer its own HTTP: the bound is the running silo's, whose requests
        // need grains (the supplier directory, sessions) that may live on the stalled one.
        var (load, stalledAt, resumedAt) = await RunThroughStallAsync(serving, stalled);
        await using (load)
        {
            Report(load, stalledAt, resumedAt);
            AssertEveryCreateAnsweredWithin(load, MaxCreate);
            AssertRecoveredWithin(load, resumedAt, MaxRecovery);
            await AssertCreationsSharedCallsAsync(serving);
            Assert.Empty(await load.FindLostAsync(serving));
        }
    }

    private static async Task<(LoadGenerator Load, TimeSpan StalledAt, TimeSpan ResumedAt)> RunThroughStallAsync(NoxProcess target, NoxProcess stalled)
    {
        var load = new LoadGenerator([target], Workers);
        load.Start(TimeSpan.FromSeconds(90));
        await Task.Delay(Warmup);
        var stalledAt = load.Elapsed;
        stalled.Child.Pause();
        await Task.Delay(Stall);
        stalled.Child.Resume();
        var resumedAt = load.Elapsed;
        await Task.Delay(MaxRecovery + TimeSpan.FromSeconds(4));
        await load.StopAsync();
        return (load, stalledAt, resumedAt);
    }

    private static void AssertEveryCreateAnsweredWithin(LoadGenerator load, TimeSpan bound)
    {
        var creates = load.Outcomes.Where(o => o.IsCreate).ToList();
        Assert.NotEmpty(creates);
        Assert.All(creates, o => Assert.Contains(o.Status, new[] { 201, 503 }));
        var slowest = creates.Max(o => o.Duration);
        Assert.True(slowest <= bound, $"a create took {slowest.TotalSeconds:F1} s");
        Assert.All(load.Outcomes, o => Assert.Contains(o.Status, new[] { 200, 201, 503 }));
    }

    /// <summary>Every request started later than <paramref name="within"/> after the silo resumed succeeded.</summary>
    private static void AssertRecoveredWithin(LoadGenerator load, TimeSpan resumedAt, TimeSpan within)
    {
        var late = load.Outcomes.Where(o => o.StartedAt > resumedAt + within).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, o => Assert.Contains(o.Status, new[] { 200, 201 }));
    }

    /// <summary>The premise of the test: creations waited for a call and shared one (some batch carried more than one).</summary>
    private static async Task AssertCreationsSharedCallsAsync(NoxProcess api)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await http.GetStringAsync(new Uri(api.Url, "/metrics"));
        var alone = BatchesOfOne().Match(metrics);
        var all = Batches().Match(metrics);
        Assert.True(alone.Success && all.Success, "the batch size histogram is exported");
        Assert.True(
            long.Parse(all.Groups[1].Value, CultureInfo.InvariantCulture) > long.Parse(alone.Groups[1].Value, CultureInfo.InvariantCulture),
            "every create call carried a single creation");
    }

    private void Report(LoadGenerator load, TimeSpan stalledAt, TimeSpan resumedAt)
    {
        var outcomes = load.Outcomes.OrderBy(o => o.StartedAt).ToList();
        output.WriteLine($"{outcomes.Count} requests; stalled at {stalledAt.TotalSeconds:F1} s, resumed at {resumedAt.TotalSeconds:F1} s");
        foreach (var second in outcomes.GroupBy(o => (int)o.StartedAt.TotalSeconds))
        {
            var creates = second.Where(o => o.IsCreate).ToList();
            output.WriteLine(
                $"{second.Key,3} s: " + string.Join(", ", second.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))
                + (creates.Count > 0 ? $"; slowest create {creates.Max(o => o.Duration).TotalMilliseconds:F0} ms" : string.Empty));
        }
    }

    [GeneratedRegex("""(?m)^nox_link_session_create_batch_size_bucket\{[^}]*le="1"[^}]*\} (\d+)""")]
    private static partial Regex BatchesOfOne();

    [GeneratedRegex("""(?m)^nox_link_session_create_batch_size_count(?:\{[^}]*\})? (\d+)""")]
    private static partial Regex Batches();
}
