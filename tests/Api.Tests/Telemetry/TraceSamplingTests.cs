using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nox.Telemetry;
using OpenTelemetry.Trace;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// Spans are recorded only where something reads them: with an OTLP endpoint, or a sampler the operator
/// chose. Otherwise the trace context still exists (trace ids in log lines, traceparent to the silo).
/// </summary>
public sealed class TraceSamplingTests
{
    [Fact]
    public void Without_an_exporter_spans_carry_the_trace_context_but_are_not_recorded()
    {
        var activity = StartSpan(new Dictionary<string, string?>());

        Assert.NotNull(activity);
        Assert.NotEqual(default, activity.TraceId);
        Assert.False(activity.Recorded);
    }

    [Fact]
    public void With_an_otlp_endpoint_every_span_is_recorded()
    {
        var activity = StartSpan(new Dictionary<string, string?> { [TelemetryExtensions.OtlpEndpointVariable] = "http://127.0.0.1:4318" });

        Assert.True(activity?.Recorded);
    }

    [Fact]
    public void A_sampler_the_operator_chose_is_kept()
    {
        var activity = StartSpan(new Dictionary<string, string?> { [TelemetryExtensions.SamplerVariable] = "always_on" });

        Assert.True(activity?.Recorded);
    }

    /// <summary>A span from a source only this provider listens to, so other tests' listeners cannot sample it.</summary>
    private static Activity? StartSpan(Dictionary<string, string?> settings)
    {
        var sourceName = $"Nox.Tests.Sampling.{Guid.NewGuid():N}";
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNoxTelemetry("nox-sampling-test");
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(sourceName));
        using var app = builder.Build();
        _ = app.Services.GetRequiredService<TracerProvider>();

        using var source = new ActivitySource(sourceName);
        using var activity = source.StartActivity("span");
        return activity;
    }
}
