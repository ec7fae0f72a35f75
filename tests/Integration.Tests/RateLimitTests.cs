using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Nox.Integration.Tests.Infrastructure;

namespace Nox.Integration.Tests;

/// <summary>
/// The supplier rate limit across the cluster, on the real split topology with Redis: two API instances
/// hammering one supplier accept, over every 10 s window, within 10% of <c>PermitsPerSecond × 10 + Burst</c> and
/// not far below it, while another supplier served by the same instances is never refused.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RateLimitTests(RedisFixture fixture)
{
    private const int PermitsPerSecond = 50;
    private const int Burst = 100;
    private const string OtherKey = "integration-other-key-0123456789";

    private static readonly TimeSpan Run = TimeSpan.FromSeconds(22);
    private static readonly TimeSpan WindowLength = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Two_api_instances_together_keep_a_supplier_within_its_limit_and_another_supplier_is_unaffected()
    {
        await using var nox = new NoxProcesses(fixture.Redis);
        await nox.StartSiloAsync(new Dictionary<string, string?>
        {
            ["Nox__Suppliers__0__RateLimit__PermitsPerSecond"] = PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nox__Suppliers__0__RateLimit__Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nox__Suppliers__1__Name"] = "other",
            ["Nox__Suppliers__1__ApiKeys__0"] = OtherKey,
            ["Nox__Suppliers__1__AllowedRedirectUrls__0"] = NoxProcesses.RedirectUrl,
            ["Nox__Suppliers__1__RateLimit__PermitsPerSecond"] = PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nox__Suppliers__1__RateLimit__Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var instances = new[] { await nox.StartApiAsync(waitUntilReady: true), await nox.StartApiAsync(waitUntilReady: true) };
        var clients = instances.Select(i => i.CreateClient()).ToArray();
        using var other = instances[1].CreateClient(OtherKey);
        foreach (var instance in instances)
        {
            // Both instances know the supplier list before the clock starts.
            using var ready = instance.CreateClient(OtherKey);
            await Eventually.UntilAsync(() => InvalidCreateAsync(ready), r => r.StatusCode == HttpStatusCode.BadRequest, TimeSpan.FromSeconds(60));
        }

        var clock = Stopwatch.StartNew();
        var accepted = new List<TimeSpan>();
        var otherAnswers = new List<HttpStatusCode>();
        var unexpected = new List<HttpStatusCode>();
        // Eight loops per instance, each as fast as its answers come: far over 50 a second.
        var hammering = clients.SelectMany(client => Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < Run)
            {
                var sentAt = clock.Elapsed;
                using var response = await InvalidCreateAsync(client);
                lock (accepted)
                {
                    switch (response.StatusCode)
                    {
                        case HttpStatusCode.BadRequest:
                            accepted.Add(sentAt);
                            break;
                        case HttpStatusCode.TooManyRequests:
                            break;
                        default:
                            unexpected.Add(response.StatusCode);
                            break;
                    }
                }
            }
        })));
        var polling = Task.Run(async () =>
        {
            // The other supplier: ten a second, well within its own limit.
            while (clock.Elapsed < Run)
            {
                using var response = await InvalidCreateAsync(other);
                lock (otherAnswers)
                {
                    otherAnswers.Add(response.StatusCode);
                }

                await Task.Delay(100);
            }
        });
        await Task.WhenAll([.. hammering, polling]);

        Assert.Empty(unexpected);
        Assert.NotEmpty(otherAnswers);
        Assert.All(otherAnswers, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        const int bound = (PermitsPerSecond * 10) + Burst;
        var counts = new List<(TimeSpan From, int Accepted)>();
        for (var from = TimeSpan.Zero; from + WindowLength <= Run; from += TimeSpan.FromMilliseconds(500))
        {
            var to = from + WindowLength;
            counts.Add((from, accepted.Count(t => t >= from && t < to)));
        }

        var report = string.Join(", ", counts.Select(c => $"{c.From.TotalSeconds:0.0}s: {c.Accepted}"));
        Assert.True(counts.All(c => c.Accepted <= bound * 1.1), $"over {bound} + 10% in a window: {report}");
        // Not far below: every window gets at least 90% of the refill (the burst is spent in the first).
        Assert.True(counts.All(c => c.Accepted >= PermitsPerSecond * 10 * 0.9), $"far below {bound} in a window: {report}");
    }

    /// <summary>A create the API refuses as invalid (400) after the rate limit: costs a permit, no grain call.</summary>
    private static Task<HttpResponseMessage> InvalidCreateAsync(HttpClient client) =>
        client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = string.Empty, redirect_url = NoxProcesses.RedirectUrl });
}
