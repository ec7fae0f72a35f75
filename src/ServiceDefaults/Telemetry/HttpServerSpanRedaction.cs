using System.Diagnostics;
using OpenTelemetry;

namespace Nox.Telemetry;

/// <summary>
/// Link tokens travel in request paths (<c>/v2/supplier/link-sessions/{link_token}</c>) and in the UI's
/// query string (<c>/ui?token=…</c>), so the raw path and query of a server span must not be exported.
/// This processor runs before every exporter and rewrites each ASP.NET Core server span as it ends:
/// <c>url.path</c> becomes the route template (dropped when no route matched) and <c>url.query</c> is
/// dropped. The span's name is already <c>{method} {route template}</c>.
/// </summary>
public sealed class HttpServerSpanRedaction : BaseProcessor<Activity>
{
    public const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    public override void OnEnd(Activity data)
    {
        if (data.Kind != ActivityKind.Server || data.Source.Name != AspNetCoreSourceName)
        {
            return;
        }

        data.SetTag("url.path", data.GetTagItem("http.route") as string);
        data.SetTag("url.query", null);
        data.SetTag("url.full", null);
        data.SetTag("http.target", null);
        data.SetTag("http.url", null);
    }
}
