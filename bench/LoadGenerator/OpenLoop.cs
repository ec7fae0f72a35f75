using System.Diagnostics;
using System.Globalization;

namespace Nox.Bench.LoadGenerator;

/// <summary>
/// Sends creates at a fixed rate whatever the answers do (open loop), and measures each request from
/// the moment the schedule says it should have been sent, so a stall shows as the latency of every
/// request it held up rather than as fewer requests (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var rate = options.Number("rate", 1_000);
        var duration = TimeSpan.FromSeconds(options.Number("duration", 10));
        var warmup = TimeSpan.FromSeconds(options.Number("warmup", 2));
        var requests = new CreateRequests(options);
        using var client = CreateRequests.Client(maxConnections: 512);

        if (warmup > TimeSpan.Zero)
        {
            await RunAtRateAsync(client, requests, rate, warmup, 0, cancellationToken);
        }

        var result = await RunAtRateAsync(client, requests, rate, duration, 1L << 40, cancellationToken);
        Console.WriteLine(result.ToString());
        return 0;
    }

    private static async Task<Result> RunAtRateAsync(HttpClient client, CreateRequests requests, double rate, TimeSpan duration, long firstSequence, CancellationToken cancellationToken)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new long[total];
        var statuses = new int[total];
        var inFlight = new Task[total];
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / rate;

        // The schedule runs on its own thread: a busy thread pool must delay answers, not sends.
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total && !cancellationToken.IsCancellationRequested;)
            {
                var due = Math.Min(total, (int)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1);
                for (; i < due; i++)
                {
                    inFlight[i] = SendAsync(client, requests.Create(firstSequence + i), start + (long)(i * ticksPerRequest), latencies, statuses, i);
                }

                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "schedule" };
        scheduler.Start();
        scheduler.Join();
        await Task.WhenAll(inFlight.Where(t => t is not null));

        var elapsed = Stopwatch.GetElapsedTime(start);
        return Result.From(rate, total / elapsed.TotalSeconds, latencies, statuses);
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request, long scheduledAt, long[] latencies, int[] statuses, int index)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            statuses[index] = (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            statuses[index] = 0;
        }
        finally
        {
            request.Dispose();
            latencies[index] = Stopwatch.GetTimestamp() - scheduledAt;
        }
    }

    private sealed record Result(double Rate, double Achieved, int Sent, int Ok, int Non2xx, int Errors, double P50, double P99, double P999, double Max)
    {
        public static Result From(double rate, double achieved, long[] latencies, int[] statuses)
        {
            var sorted = latencies.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
            double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new(rate, achieved, statuses.Length,
                statuses.Count(s => s is >= 200 and < 300),
                statuses.Count(s => s is not 0 and (< 200 or >= 300)),
                statuses.Count(s => s == 0),
                At(0.50), At(0.99), At(0.999), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"rate={Rate:F0} achieved={Achieved:F0} sent={Sent} ok={Ok} non2xx={Non2xx} errors={Errors} p50_ms={P50:F2} p99_ms={P99:F2} p999_ms={P999:F2} max_ms={Max:F2}");
    }
}
