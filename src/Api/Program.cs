using Nox.Api.Hosting;
using Nox.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("nox-api");
builder.AddNoxApi(ApiHosting.OrleansClient);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapNoxApi();
app.Run();

/// <summary>The API process's entry point; public for the tests' WebApplicationFactory.</summary>
public partial class Program;
