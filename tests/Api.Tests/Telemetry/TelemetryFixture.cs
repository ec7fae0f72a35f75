using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Nox.Telemetry;
using Nox.Testing;

namespace Nox.Api.Tests.Telemetry;

/// <summary>
/// The API and its silo wired as in production (activity propagation on client and silo, the API's
/// telemetry set-up), with in-memory trace and metric exporters added to the API's providers and a
/// Trace-level log capture on both hosts (co-hosted, one process: both captures see all of it). The API's
/// tracer and meter providers listen process-wide, so they also see the silo's grain spans and domain
/// counters. Its own supplier name keeps its counters apart from other tests running at the same time.
/// </summary>
public abstract class TelemetryFixture(Topology topology) : IAsyncLifetime
{
    public const string ApiKey = "tk_live_7f3a9c0e5b2d4e61a8c9";
    public const string RedirectUrl = "https://telemetry.example/return";
    public const string AdminKey = "tk_admin_3e8b1d0c9f7a2b4c6d8e";

    private readonly List<Activity> spans = [];
    private readonly List<Metric> metrics = [];

    public Topology Topology => topology;

    /// <summary>One per topology: both fixtures' meter providers see every counter in the process.</summary>
    public string Supplier { get; } = $"telemetry-{topology.ToString().ToLowerInvariant()}";

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public CapturedLogs ApiLogs { get; } = new();

    /// <summary>
    /// The request log's rule; by default every request gets its line, so that the secret checks see every
    /// line. <see cref="RequestLogTests"/> changes it for one test at a time (tests of a collection run one by one).
    /// </summary>
    public SettableOptionsMonitor<RequestLogOptions> RequestLog { get; } = new(EveryRequestLogged);

    public static RequestLogOptions EveryRequestLogged => new() { SuccessSampleRate = 1 };

    public CapturedLogs SiloLogs { get; } = new();

    public INoxApiHost Host { get; private set; } = null!;

    public IGrainFactory Grains => Host.Grains;

    /// <summary>Ended spans exported so far (a copy).</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (spans)
            {
                return [.. spans];
            }
        }
    }

    public async Task InitializeAsync() => Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions
    {
        Name = "telemetry-tests",
        Clock = Clock,
        Settings = new Dictionary<string, string?>
        {
            ["Nox:Suppliers:0:Name"] = Supplier,
            ["Nox:Suppliers:0:ApiKeys:0"] = ApiKey,
            ["Nox:Suppliers:0:AllowedRedirectUrls:0"] = RedirectUrl,
            ["Nox:PublicBaseUrl"] = TestSuppliers.PublicBaseUrl,
            ["Nox:AdminApiKeys:0"] = AdminKey,
            // One create call out at a time: concurrent creations then share calls (TracingTests).
            ["Nox:CreateBatchesInFlight"] = "1",
        },
        ConfigureApiLogging = logging => CaptureAllLevels(logging, ApiLogs),
        ConfigureSiloLogging = logging => CaptureAllLevels(logging, SiloLogs),
        ConfigureServices = services =>
        {
            services.AddSingleton<IOptionsMonitor<RequestLogOptions>>(RequestLog);
            // As an operator who exports every trace (without an exporter the service records no spans).
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(new LockedCollection<Activity>(spans)));
            services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(new LockedCollection<Metric>(metrics)));
        },
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public HttpClient CreateClient(string? apiKey = ApiKey)
    {
        var client = Host.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    public async Task<string> CreateSessionAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "telemetry-user", redirect_url = RedirectUrl });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;
    }

    /// <summary>Every metric point collected so far, after asking the readers to collect now.</summary>
    public IReadOnlyList<Metric> CollectMetrics()
    {
        Host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (metrics)
        {
            return [.. metrics];
        }
    }

    /// <summary>Polls until a span matching <paramref name="match"/> has ended (server spans end after the response).</summary>
    public async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (Spans.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The span was not exported.");
            }

            await Task.Delay(20);
        }
    }

    private static void CaptureAllLevels(ILoggingBuilder logging, CapturedLogs capture)
    {
        logging.AddProvider(capture);
        // A provider-specific rule outranks every category rule of the configuration.
        logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
    }

    /// <summary>The in-memory exporter appends from exporter threads while tests read.</summary>
    private sealed class LockedCollection<T>(List<T> inner) : ICollection<T>
    {
        public int Count { get { lock (inner) { return inner.Count; } } }

        public bool IsReadOnly => false;

        public void Add(T item) { lock (inner) { inner.Add(item); } }

        public void Clear() { lock (inner) { inner.Clear(); } }

        public bool Contains(T item) { lock (inner) { return inner.Contains(item); } }

        public void CopyTo(T[] array, int arrayIndex) { lock (inner) { inner.CopyTo(array, arrayIndex); } }

        public bool Remove(T item) { lock (inner) { return inner.Remove(item); } }

        public IEnumerator<T> GetEnumerator() { lock (inner) { return inner.ToList().GetEnumerator(); } }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

public sealed class SplitTelemetryFixture() : TelemetryFixture(Topology.Split);

public sealed class CoHostedTelemetryFixture() : TelemetryFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitTelemetryCollection : ICollectionFixture<SplitTelemetryFixture>
{
    public const string Name = "telemetry (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedTelemetryCollection : ICollectionFixture<CoHostedTelemetryFixture>
{
    public const string Name = "telemetry (co-hosted)";
}

/// <summary>
/// Telemetry tests that read an ASP.NET Core instrument through <c>/metrics</c>, alone and after every parallel
/// collection: every test host in this process has its own <c>Microsoft.AspNetCore.Hosting</c> meter, the SDK feeds
/// instruments of one name into one metric stream, and a host disposed by another collection ends that stream for
/// the hosts still running (the likely reason the request duration vanished from <c>/metrics</c> now and then, even
/// after 5 s of polling). A service
/// process has one host and never meets this.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedSplitTelemetryCollection : ICollectionFixture<SplitTelemetryFixture>
{
    public const string Name = "telemetry (split, alone)";
}

/// <inheritdoc cref="IsolatedSplitTelemetryCollection"/>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCoHostedTelemetryCollection : ICollectionFixture<CoHostedTelemetryFixture>
{
    public const string Name = "telemetry (co-hosted, alone)";
}
