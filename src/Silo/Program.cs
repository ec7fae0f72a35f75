using Nox.Hosting;
using Nox.Silo.Hosting;
using Nox.Telemetry;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://0.0.0.0:8081");
}

builder.AddNoxTelemetry("nox-silo");
builder.UseOrleans(silo => silo.AddNoxSilo(builder.Configuration));
builder.Services.AddNoxHealth().AddCheck<SiloReadinessCheck>("silo", tags: [HealthEndpoints.ReadyTag]);

var app = builder.Build();
app.MapNoxHealth();
app.MapNoxMetrics();
app.Run();
