using System.Collections.Concurrent;
using System.Text.Json;

namespace Nox.Bench.LoadGenerator;

/// <summary>
/// Creates <c>--count</c> sessions as fast as <c>--concurrency</c> workers can and writes their tokens,
/// one a line, to <c>--out</c>: the pending sessions the read and complete steps use.
/// </summary>
public static class Minter
{
    public static async Task<int> RunAsync(Options options, CancellationToken cancellationToken)
    {
        var count = (long)options.Number("count", 10_000);
        var concurrency = (int)options.Number("concurrency", 32);
        var requests = new CreateRequests(options);
        using var client = CreateRequests.Client(concurrency);
        var tokens = new ConcurrentQueue<string>();
        var next = -1L;
        var failures = 0L;

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count && !cancellationToken.IsCancellationRequested; i = Interlocked.Increment(ref next))
            {
                using var response = await client.SendAsync(requests.Create(i), cancellationToken);
                if ((int)response.StatusCode != 201)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                tokens.Enqueue(document.RootElement.GetProperty("link_token").GetString()!);
            }
        }));

        await File.WriteAllLinesAsync(options.Required("out"), tokens, cancellationToken);
        Console.WriteLine($"minted={tokens.Count} failed={failures}");
        return failures == 0 ? 0 : 1;
    }
}
