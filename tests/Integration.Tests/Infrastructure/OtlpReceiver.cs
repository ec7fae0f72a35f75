using System.Collections.Concurrent;
using System.Net;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>
/// A stand-in OpenTelemetry collector: accepts OTLP/HTTP protobuf exports on a free loopback port and
/// keeps every body by signal (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> exports = new();
    private readonly Task serving;

    public OtlpReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        serving = ServeAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>The environment that points a Nox process at this receiver, exporting every few hundred ms.</summary>
    public Dictionary<string, string?> Environment(string serviceName) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public IReadOnlyList<byte[]> Bodies(string signal) => [.. exports.Where(e => e.Signal == signal).Select(e => e.Body)];

    public IReadOnlyList<OtlpSpan> Spans() => [.. Bodies("traces").SelectMany(OtlpSpan.ParseExport)];

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            exports.Enqueue((context.Request.Url!.AbsolutePath.TrimStart('/').Replace("v1/", string.Empty, StringComparison.Ordinal), body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
