using System.Diagnostics.Metrics;
using Nox.Telemetry;

namespace Nox.LinkSessions;

/// <summary>
/// The link session counters, counted in the silo where each outcome is decided, tagged with the
/// supplier's name (never a token, key or user id). Exported by Prometheus as
/// <c>nox_link_sessions_created_total</c>, <c>nox_link_sessions_completed_total</c>,
/// <c>nox_link_sessions_expired_total</c> and <c>nox_link_session_completion_duration_seconds</c>.
/// </summary>
public sealed class LinkSessionMetrics
{
    public const string Created = "nox.link_sessions.created";
    public const string Completed = "nox.link_sessions.completed";
    public const string Expired = "nox.link_sessions.expired";
    public const string CompletionDuration = "nox.link_session.completion.duration";

    /// <summary><c>cause</c> of an expiry: the supplier called expire.</summary>
    public const string ExpiredBySupplier = "supplier";

    /// <summary><c>cause</c> of an expiry: the 600 s ran out (counted when the session's grain sees it).</summary>
    public const string ExpiredByLifetime = "lifetime";

    /// <summary>A session can take at most its lifetime to complete; the buckets cover that range.</summary>
    private static readonly double[] DurationBuckets = [1, 5, 10, 20, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600];

    private readonly Counter<long> created;
    private readonly Counter<long> completed;
    private readonly Counter<long> expired;
    private readonly Histogram<double> completionDuration;

    public LinkSessionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(NoxTelemetry.MeterName);
        created = meter.CreateCounter<long>(Created, "{session}", "Link sessions created, by supplier.");
        completed = meter.CreateCounter<long>(Completed, "{session}", "Link sessions completed by their end-user, by supplier.");
        expired = meter.CreateCounter<long>(
            Expired,
            "{session}",
            "Link sessions that ended without completion, by supplier and cause: supplier (expire call) or lifetime (600 s ran out, counted when the session's grain observes it).");
        completionDuration = meter.CreateHistogram(
            CompletionDuration,
            "s",
            "Time from creating a link session to its completion, by supplier.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    public void SessionsCreated(string supplier, int count) => created.Add(count, new KeyValuePair<string, object?>("supplier", supplier));

    public void SessionCompleted(string supplier, TimeSpan sinceCreation)
    {
        var tag = new KeyValuePair<string, object?>("supplier", supplier);
        completed.Add(1, tag);
        completionDuration.Record(Math.Max(0, sinceCreation.TotalSeconds), tag);
    }

    public void SessionExpired(string supplier, string cause) =>
        expired.Add(1, new KeyValuePair<string, object?>("supplier", supplier), new KeyValuePair<string, object?>("cause", cause));
}
