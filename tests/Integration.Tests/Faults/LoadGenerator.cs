using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests.Faults;

/// <summary>
/// One request of the load loop: when it started (since the loop began), how long it took, its status
/// (0 = no answer) and whether it was a create (else a read).
/// </summary>
public sealed record RequestOutcome(TimeSpan StartedAt, TimeSpan Duration, int Status, bool IsCreate);

/// <summary>
/// A bounded closed-loop load against the API instances that are ready, as a Kubernetes Service
/// would route (instances are polled on /readyz and only ready ones get traffic): two session
/// creates, then one read of a random earlier session, per worker, in turn.
/// </summary>
public sealed class LoadGenerator(IReadOnlyList<NoxProcess> apis, int workers = 4) : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly ConcurrentQueue<RequestOutcome> outcomes = new();
    private readonly ConcurrentQueue<string> acknowledged = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly HttpClient http = new() { Timeout = RequestTimeout };
    private volatile NoxProcess[] ready = [.. apis];
    private Task? running;

    public TimeSpan Elapsed => clock.Elapsed;

    public IReadOnlyCollection<RequestOutcome> Outcomes => outcomes;

    /// <summary>Locations of every session the API acknowledged with 201.</summary>
    public IReadOnlyCollection<string> Acknowledged => acknowledged;

    public void Start(TimeSpan maxDuration)
    {
        stop.CancelAfter(maxDuration);
        running = Task.WhenAll(Enumerable.Range(0, workers).Select(i => WorkAsync(i, stop.Token)).Append(PollReadinessAsync(stop.Token)));
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }
    }

    private async Task WorkAsync(int worker, CancellationToken cancellationToken)
    {
        var turn = worker;
        while (!cancellationToken.IsCancellationRequested)
        {
            var targets = ready;
            if (targets.Length == 0)
            {
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            var api = targets[turn % targets.Length];
            var read = turn++ % 3 == 2 && !acknowledged.IsEmpty;
            var startedAt = clock.Elapsed;
            var status = 0;
            try
            {
                using var request = read
                    ? new HttpRequestMessage(HttpMethod.Get, new Uri(api.Url, acknowledged.ElementAt(Random.Shared.Next(acknowledged.Count))))
                    : new HttpRequestMessage(HttpMethod.Post, new Uri(api.Url, "/v2/supplier/link-sessions"))
                    {
                        Content = JsonContent.Create(new { user_id = $"load-{worker}", redirect_url = NoxProcesses.RedirectUrl }),
                    };
                request.Headers.Add("x-api-key", NoxProcesses.ApiKey);
                using var response = await http.SendAsync(request, CancellationToken.None);
                status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Enqueue(response.Headers.Location!.OriginalString);
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // Honour Retry-After (shortened): a real client backs off rather than hammer.
                    await Task.Delay(100, CancellationToken.None);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(50, CancellationToken.None);
            }

            outcomes.Enqueue(new RequestOutcome(startedAt, clock.Elapsed - startedAt, status, !read));
        }
    }

    private async Task PollReadinessAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        while (!cancellationToken.IsCancellationRequested)
        {
            var states = await Task.WhenAll(apis.Select(async api =>
            {
                try
                {
                    return (api, ok: (await probe.GetAsync(new Uri(api.Url, "/readyz"), CancellationToken.None)).IsSuccessStatusCode);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return (api, ok: false);
                }
            }));
            ready = [.. states.Where(s => s.ok).Select(s => s.api)];
            await Task.Delay(200, CancellationToken.None);
        }
    }

    /// <summary>Reads every acknowledged session back; returns those that are gone.</summary>
    public async Task<List<string>> FindLostAsync(NoxProcess api)
    {
        using var client = api.CreateClient();
        var lost = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (location, _) =>
        {
            var response = await Eventually.UntilAsync(
                () => client.GetAsync(location),
                r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound,
                TimeSpan.FromSeconds(30));
            if (response.StatusCode != HttpStatusCode.OK
                || (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() != "pending")
            {
                lost.Add(location);
            }
        });
        return [.. lost];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        http.Dispose();
        stop.Dispose();
    }
}
