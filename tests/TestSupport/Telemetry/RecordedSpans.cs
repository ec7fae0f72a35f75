using System.Diagnostics;

namespace Nox.Testing.Telemetry;

/// <summary>
/// Every span of the named activity sources that ends while it is alive, recorded whatever the service's sampler
/// says. The trace context of the HTTP requests and grain calls on the way (ASP.NET Core's and Orleans' sources)
/// is kept, not recorded, as a service that exports nothing keeps it.
/// </summary>
public sealed class RecordedSpans : IDisposable
{
    private static readonly string[] ContextSources =
    [
        "Microsoft.AspNetCore",
        "Microsoft.Orleans.Application",
        "Microsoft.Orleans.Runtime",
    ];

    private readonly ActivityListener listener;
    private readonly List<Activity> ended = [];

    public RecordedSpans(params string[] sources)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name) || ContextSources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                sources.Contains(options.Source.Name) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData,
            SampleUsingParentId = (ref ActivityCreationOptions<string> options) =>
                sources.Contains(options.Source.Name) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData,
            ActivityStopped = activity =>
            {
                if (sources.Contains(activity.Source.Name))
                {
                    lock (ended)
                    {
                        ended.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Waits until a span matching <paramref name="match"/> has ended.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (ended)
            {
                if (ended.FirstOrDefault(match) is { } span)
                {
                    return span;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No matching span ended.");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => listener.Dispose();
}
