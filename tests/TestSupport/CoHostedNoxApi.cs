using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nox.Api;
using Nox.Api.Hosting;
using Nox.Hosting;

namespace Nox.Testing;

/// <summary>
/// The co-hosted topology: one process that is a silo (the embedded default: localhost clustering on free
/// ports, in-memory storage) and serves the whole API, composed exactly as the Silo executable composes
/// itself with <c>Nox:Api:Enabled=true</c>.
/// </summary>
public sealed class CoHostedNoxApi : INoxApiHost
{
    private readonly WebApplication app;
    private readonly Uri? kestrelBase;

    private CoHostedNoxApi(WebApplication app, Uri? kestrelBase)
    {
        this.app = app;
        this.kestrelBase = kestrelBase;
    }

    public Topology Topology => Topology.CoHosted;

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => app.Services;

    public static async Task<CoHostedNoxApi> StartAsync(NoxApiHostOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        var id = $"{options.Name}-{Guid.NewGuid():N}";
        Uri? kestrelBase = options.KestrelPort is { } port ? new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") : null;
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = id,
            ["Orleans:ServiceId"] = id,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            [NoxApiOptions.EnabledKey] = "true",
            ["urls"] = kestrelBase?.ToString(),
        });
        if (kestrelBase is null)
        {
            builder.WebHost.UseTestServer();
        }

        options.ConfigureApiLogging?.Invoke(builder.Logging);
        options.ConfigureSiloLogging?.Invoke(builder.Logging);

        // As src/Silo/Program.cs.
        builder.AddServiceDefaults("nox-silo");
        builder.AddNoxSilo();
        builder.AddNoxApi(ApiHosting.CoHosted);

        if (options.Clock is { } clock)
        {
            builder.Services.AddKeyedSingleton<TimeProvider>(ServiceClock.Key, clock);
        }

        options.ConfigureSiloServices?.Invoke(builder.Services);
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapNoxApi();
        await app.StartAsync();
        return new CoHostedNoxApi(app, kestrelBase);
    }

    public HttpClient CreateClient() => kestrelBase is null
        ? app.GetTestServer().CreateClient()
        : new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = kestrelBase };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
