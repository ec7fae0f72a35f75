using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nox.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nox.Telemetry;

/// <summary>
/// The observability both processes share: traces, metrics on <c>/metrics</c>, one log line per request,
/// and the redaction of link tokens, API keys and redirect data at the place each would leak from.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The standard variable that turns on OTLP export of traces, metrics and logs.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard variable that chooses the trace sampler (always_on, traceidratio, …).</summary>
    public const string SamplerVariable = "OTEL_TRACES_SAMPLER";

    /// <summary>
    /// Lowest-precedence defaults, so appsettings, environment and command line still override them
    /// (and they hold when the process starts outside its content root, without its appsettings.json).
    /// Information for the service's own categories and for lifecycle events; Warning for framework
    /// categories that log per request or per activation. One JSON object per log line, UTC timestamps,
    /// no scopes.
    /// </summary>
    private static readonly Dictionary<string, string?> LoggingDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Orleans.Runtime.Silo"] = "Information",
        ["Logging:LogLevel:Orleans.Hosting"] = "Information",
        ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information",
        ["Logging:LogLevel:Polly"] = "Warning",
        // A failing readiness check is what /readyz answers; logging it every probe only adds noise.
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
        ["Logging:Console:FormatterName"] = "json",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "false",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ",
    };

    /// <summary>
    /// ASP.NET Core instruments recorded several times per request that no dashboard or alert reads
    /// (<c>http.server.request.duration</c> already counts and times every request): not collected, so they
    /// cost nothing (profiles: docs/performance.md).
    /// </summary>
    public static readonly string[] PerRequestInstrumentsNotCollected =
    [
        "aspnetcore.memory_pool.*",
        "aspnetcore.routing.match_attempts",
        "aspnetcore.authentication.*",
        "aspnetcore.authorization.attempts",
    ];

    /// <summary>
    /// Traces (ASP.NET Core, Orleans grain calls, Redis), metrics (ASP.NET Core, runtime, Orleans, the
    /// <see cref="NoxTelemetry.MeterName"/> domain meter) for Prometheus, OTLP export of all three signals
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, JSON console logs, and the per-request log line.
    /// </summary>
    public static WebApplicationBuilder AddNoxTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults });
        AddRedactingLoggerFactory(builder.Services);

        builder.Services.AddSingleton<RequestRejections>();
        builder.Services.AddTransient<IStartupFilter, RequestLogStartupFilter>();
        builder.Services.AddOptions<RequestLogOptions>()
            .Bind(builder.Configuration.GetSection(RequestLogOptions.Section))
            .Validate(o => o.SuccessSampleRate is >= 0 and <= 1, $"{RequestLogOptions.Section}:SuccessSampleRate is a fraction from 0 to 1.")
            .Validate(o => o.SlowThreshold > TimeSpan.Zero, $"{RequestLogOptions.Section}:SlowThreshold is a positive time span, e.g. 00:00:00.5.")
            .ValidateOnStart();

        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var samplerChosen = !string.IsNullOrWhiteSpace(builder.Configuration[SamplerVariable]);
        var otel = builder.Services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read last, override the service name given here.
            .ConfigureResource(resource => resource
                .AddService(serviceName, serviceNamespace: "nox")
                .AddEnvironmentVariableDetector())
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !ProbePaths.Contains(context.Request.Path))
                    .AddSource(NoxTelemetry.OrleansActivitySources)
                    .AddSource(NoxTelemetry.WebhooksActivitySource)
                    .AddProcessor(new HttpServerSpanRedaction());
                if (exporting || samplerChosen)
                {
                    // The Redis instrumentation profiles every command of the multiplexer, recorded or not: only
                    // where spans are recorded.
                    tracing
                        .AddRedisInstrumentation()
                        .ConfigureRedisInstrumentation((services, redis) =>
                            services.GetService<RedisConnection>()?.WhenConnected(connection => redis.AddConnection(connection)));
                }
                else
                {
                    // Nothing would read the spans: keep the trace context (trace ids in log lines, traceparent
                    // across processes) but record none. Recording is a few percent of a request.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(NoxTelemetry.OrleansMeterName, NoxTelemetry.MeterName)
                    .AddPrometheusExporter();
                foreach (var instrument in PerRequestInstrumentsNotCollected)
                {
                    metrics.AddView(instrument, MetricStreamConfiguration.Drop);
                }
            });

        if (exporting)
        {
            otel.WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = false;
            });
            otel.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c>: every meter above in Prometheus text format.</summary>
    public static IEndpointConventionBuilder MapNoxMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint();

    /// <summary>Wraps the framework's logger factory in <see cref="RedactingLoggerFactory"/>.</summary>
    private static void AddRedactingLoggerFactory(IServiceCollection services)
    {
        services.TryAddSingleton<LoggerFactory>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(sp.GetRequiredService<LoggerFactory>())));
    }
}
