using Nox.Bench.Peer;
using StackExchange.Redis;

// The plain service: validation, API key, JSON, one Redis write per create and one Redis read per
// retrieve, one JSON log line per request at Information, as a team would write it with no actors.
// It keeps that straightforward logging; the service logs every 4xx/5xx and slow request and samples
// the rest (docs/performance.md says so beside the figures).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, PeerJsonContext.Default);
});
builder.Services.AddSingleton(PeerOptions.From(builder.Configuration));
builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
{
    var redis = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString("redis") ?? "127.0.0.1:6379");
    redis.AbortOnConnectFail = false;
    return ConnectionMultiplexer.Connect(redis);
});
builder.Services.AddSingleton<LinkSessionStore>();

var app = builder.Build();
// Connect before the first request rather than inside it.
app.Services.GetRequiredService<IConnectionMultiplexer>();
app.UseMiddleware<RequestLog>();
app.MapGet("/healthz", () => "ok");
app.MapLinkSessions();
app.Run();
