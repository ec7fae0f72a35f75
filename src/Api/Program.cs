using Nox.Api;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.Json;
using Nox.Api.LinkSessions;
using Nox.Api.Suppliers;
using Nox.Api.Ui;
using Nox.Hosting;
using Nox.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddNoxTelemetry("nox-api");
builder.AddNoxClusterClient();
builder.Services.AddOptions<NoxApiOptions>().Bind(builder.Configuration.GetSection(NoxApiOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SupplierCatalog>();
builder.Services.AddSingleton<LinkSessionCreationBatcher>();
builder.Services.AddSingleton<ApiKeyFilter>();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
});
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddNoxHealth().AddCheck<ClusterConnectionCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "NOX Authenticator link sessions";
    document.Info.Version = "v2";
    return Task.CompletedTask;
}));

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages(context => context.HttpContext.Response.HasStarted || context.HttpContext.Response.ContentLength > 0
    ? Task.CompletedTask
    : ApiErrors.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, ReasonText(context.HttpContext.Response.StatusCode)));

app.MapOpenApi();
app.MapNoxHealth();
app.MapNoxMetrics();
app.MapSupplierLinkSessions();
app.UseAuthenticator();

app.Run();

static string ReasonText(int status) => status switch
{
    StatusCodes.Status404NotFound => "Not found.",
    StatusCodes.Status405MethodNotAllowed => "Method not allowed.",
    _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
};
