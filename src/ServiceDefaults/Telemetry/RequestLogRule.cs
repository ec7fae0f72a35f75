using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nox.Telemetry;

/// <summary>Whether a finished request gets a log line, and at which level (see <see cref="RequestLogOptions"/>).</summary>
public static class RequestLogRule
{
    /// <summary>The level of the request's line, or null when it gets none.</summary>
    public static LogLevel? LevelOf(int status, string route, TimeSpan elapsed, ActivityTraceId traceId, RequestLogOptions options)
    {
        if (status >= 400)
        {
            return LogLevel.Information;
        }

        // Probes and scrapes run on a schedule: at Debug, slow or not, so that a healthy, idle service
        // writes nothing (a probe slow enough to matter fails its own timeout and shows as unready).
        if (ProbePaths.Contains(route))
        {
            return LogLevel.Debug;
        }

        return elapsed >= options.SlowThreshold || IsSampled(traceId, options.SuccessSampleRate) ? LogLevel.Information : null;
    }

    /// <summary>
    /// By the trace id's last eight bytes (random in W3C trace ids), so the choice is the same wherever the
    /// request is looked at; a request without a trace id is drawn at random.
    /// </summary>
    public static bool IsSampled(ActivityTraceId traceId, double rate)
    {
        if (rate >= 1)
        {
            return true;
        }

        if (rate <= 0)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        var draw = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return draw == 0 && traceId == default
            ? Random.Shared.NextDouble() < rate
            : draw < rate * ulong.MaxValue;
    }
}
