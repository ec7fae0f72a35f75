using Nox.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nox.Integration.Tests.Faults;

/// <summary>
/// The split topology (Redis, three silos, API) as real processes on loopback, under a bounded load
/// loop, through the faults a cluster really sees. Each asserts that no acknowledged session is lost
/// and that no request waits longer than 10 s.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MaxRequest = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxRecovery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Killing_one_silo_of_three_loses_nothing_never_hangs_and_recovers_within_20_seconds()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nox = new NoxProcesses(redis);
        var silos = await StartSilosAsync(nox, 3);
        var api = await nox.StartApiAsync(waitUntilReady: true);
        await using var load = new LoadGenerator([api]);
        load.Start(TimeSpan.FromSeconds(60));

        await Task.Delay(Warmup);
        var faultAt = load.Elapsed;
        silos[1].Child.Kill();
        await Task.Delay(MaxRecovery + TimeSpan.FromSeconds(5));
        await load.StopAsync();

        Report(load, faultAt, api);
        AssertNoHangs(load);
        AssertOnlySucceededOrUnavailable(load);
        AssertRecoveredWithin(load, faultAt, MaxRecovery);
        Assert.Empty(await load.FindLostAsync(api));
    }

    [Fact]
    public async Task Redis_down_for_5_seconds_gives_503s_then_service_is_back_within_20_seconds_and_nothing_is_lost()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nox = new NoxProcesses(redis);
        await StartSilosAsync(nox, 3);
        var api = await nox.StartApiAsync(waitUntilReady: true);
        await using var load = new LoadGenerator([api]);
        load.Start(TimeSpan.FromSeconds(60));

        await Task.Delay(Warmup);
        redis.Kill();
        var downAt = load.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(5));
        await redis.StartProcessAsync();
        var upAt = load.Elapsed;
        await Task.Delay(MaxRecovery + TimeSpan.FromSeconds(3));
        await load.StopAsync();

        Report(load, downAt, api);
        AssertNoHangs(load);
        AssertOnlySucceededOrUnavailable(load);
        Assert.Contains(load.Outcomes, o => o.StartedAt > downAt && o.StartedAt < upAt && o.Status == 503);
        AssertRecoveredWithin(load, upAt, MaxRecovery);
        Assert.Empty(await load.FindLostAsync(api));
    }

    [Fact]
    public async Task Stopping_a_silo_gracefully_under_load_fails_no_request()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nox = new NoxProcesses(redis);
        var silos = await StartSilosAsync(nox, 3);
        var api = await nox.StartApiAsync(waitUntilReady: true);
        await using var load = new LoadGenerator([api]);
        load.Start(TimeSpan.FromSeconds(60));

        await Task.Delay(Warmup);
        var stopAt = load.Elapsed;
        await silos[0].Child.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.StopAsync();

        Report(load, stopAt, api);
        AssertNoHangs(load);
        AssertAllSucceeded(load);
        Assert.Empty(await load.FindLostAsync(api));
    }

    [Fact]
    public async Task Stopping_an_api_instance_gracefully_under_load_fails_no_request()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var nox = new NoxProcesses(redis);
        await StartSilosAsync(nox, 2);
        var drain = new Dictionary<string, string?> { ["Nox:ShutdownDrainDelay"] = "00:00:01.5" };
        var first = await nox.StartApiAsync(drain, waitUntilReady: true);
        var second = await nox.StartApiAsync(drain, waitUntilReady: true);
        await using var load = new LoadGenerator([first, second]);
        load.Start(TimeSpan.FromSeconds(60));

        await Task.Delay(Warmup);
        var stopAt = load.Elapsed;
        await first.Child.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync();

        Report(load, stopAt, first, second);
        AssertNoHangs(load);
        AssertAllSucceeded(load);
        Assert.Empty(await load.FindLostAsync(second));
    }

    private static async Task<List<NoxProcess>> StartSilosAsync(NoxProcesses nox, int count)
    {
        var silos = new List<NoxProcess>();
        for (var i = 0; i < count; i++)
        {
            silos.Add(await nox.StartSiloAsync(NoxProcesses.UnlimitedRate));
        }

        return silos;
    }

    private static void AssertNoHangs(LoadGenerator load)
    {
        Assert.NotEmpty(load.Outcomes);
        var slowest = load.Outcomes.Max(o => o.Duration);
        Assert.True(slowest <= MaxRequest, $"a request took {slowest.TotalSeconds:F1} s");
    }

    private static void AssertOnlySucceededOrUnavailable(LoadGenerator load) =>
        Assert.All(load.Outcomes, o => Assert.Contains(o.Status, new[] { 200, 201, 503 }));

    private static void AssertAllSucceeded(LoadGenerator load) =>
        Assert.All(load.Outcomes, o => Assert.Contains(o.Status, new[] { 200, 201 }));

    /// <summary>Every request started later than <paramref name="within"/> after the fault succeeded.</summary>
    private static void AssertRecoveredWithin(LoadGenerator load, TimeSpan faultAt, TimeSpan within)
    {
        var late = load.Outcomes.Where(o => o.StartedAt > faultAt + within).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, o => Assert.Contains(o.Status, new[] { 200, 201 }));
    }

    private void Report(LoadGenerator load, TimeSpan faultAt, params NoxProcess[] apis)
    {
        foreach (var api in apis)
        {
            // The API logs every 500 as "Unexpected error" with its exception: show them.
            var lines = api.Child.Output.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("Unexpected error", StringComparison.Ordinal))
                {
                    output.WriteLine(string.Join('\n', lines.Skip(i).Take(8)));
                }
            }
        }

        var outcomes = load.Outcomes.OrderBy(o => o.StartedAt).ToList();
        var failures = outcomes.Where(o => o.Status is not (200 or 201)).ToList();
        output.WriteLine($"{outcomes.Count} requests, {load.Acknowledged.Count} sessions acknowledged, {failures.Count} failed; fault at {faultAt.TotalSeconds:F1} s");
        if (failures.Count > 0)
        {
            output.WriteLine($"failures from {failures[0].StartedAt.TotalSeconds:F1} s to {failures[^1].StartedAt.TotalSeconds:F1} s: "
                + string.Join(", ", failures.GroupBy(f => f.Status).Select(g => $"{g.Key}×{g.Count()}")));
        }

        output.WriteLine($"slowest {outcomes.Max(o => o.Duration).TotalMilliseconds:F0} ms");
    }
}

/// <summary>Fault tests run alone: they measure recovery times and must not share the CPU with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
