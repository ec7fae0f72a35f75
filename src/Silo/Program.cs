using Nox.Silo.Hosting;
using Nox.Telemetry;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://0.0.0.0:8081");
}

builder.AddNoxTelemetry("nox-silo");
builder.UseOrleans(silo => silo.AddNoxSilo(builder.Configuration));

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
app.MapNoxMetrics();
app.Run();
