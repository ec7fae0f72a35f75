namespace Nox.Telemetry;

/// <summary>
/// Which requests get a line from <see cref="RequestLogMiddleware"/> (section <c>Nox:RequestLog</c>, read on
/// every request, so a configuration reload applies at once). Every 4xx and 5xx and every request slower
/// than <see cref="SlowThreshold"/> gets one; fast successes are sampled, because their line was about a
/// fifth of the API's CPU per create and metrics already count and time every request.
/// </summary>
public sealed class RequestLogOptions
{
    public const string Section = "Nox:RequestLog";

    /// <summary>A successful request that takes at least this long is always logged. Default 500 ms.</summary>
    public TimeSpan SlowThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The fraction (0 to 1) of fast successful requests that are logged, chosen by trace id, so a request is
    /// logged or not as a whole and a caller can pick. Default 0.01; 1 logs every request, 0 none of them.
    /// </summary>
    public double SuccessSampleRate { get; set; } = 0.01;
}
