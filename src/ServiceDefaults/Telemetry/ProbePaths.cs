using Microsoft.AspNetCore.Http;

namespace Nox.Telemetry;

/// <summary>
/// Paths that Kubernetes probes and Prometheus scrapes hit on a schedule. They are not traced and a
/// successful one is logged at Debug, so that a healthy, idle service emits nothing.
/// </summary>
public static class ProbePaths
{
    private static readonly string[] Paths = ["/healthz", "/readyz", "/metrics"];

    /// <summary>A request path or a route template; the probe routes are literal, so both compare alike.</summary>
    public static bool Contains(string pathOrRoute) => Array.IndexOf(Paths, pathOrRoute) >= 0;

    public static bool Contains(PathString path) => path.HasValue && Contains(path.Value!);
}
