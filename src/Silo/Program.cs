using Nox.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://0.0.0.0:8081");
}

builder.UseOrleans(silo => silo.AddNoxSilo(builder.Configuration));

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
app.Run();
