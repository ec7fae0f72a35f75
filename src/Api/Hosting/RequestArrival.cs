namespace Nox.Api.Hosting;

/// <summary>
/// When the API began to work on a supplier request (a timestamp of the API's <see cref="TimeProvider"/>), so that a
/// deadline spans every wait of the request: a create's budget counts the waits before it (a key lookup that waits
/// for the supplier list, a rate-limit lease), and a create answers within its budget of arriving, not of reaching
/// the cluster. Marked first in the pipeline.
/// </summary>
public sealed class RequestArrival(long timestamp)
{
    public long Timestamp { get; } = timestamp;

    public static void Mark(HttpContext http, TimeProvider time) => http.Features.Set(new RequestArrival(time.GetTimestamp()));

    /// <summary>The request's arrival, or now when nothing marked it.</summary>
    public static long Of(HttpContext http, TimeProvider time) => http.Features.Get<RequestArrival>()?.Timestamp ?? time.GetTimestamp();
}
