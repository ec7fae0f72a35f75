using Nox.Api;
using Nox.Api.Hosting;
using Nox.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("nox-silo");
builder.AddNoxSilo();
var coHostApi = builder.Configuration.GetValue<bool>(NoxApiOptions.EnabledKey);
if (coHostApi)
{
    builder.AddNoxApi(ApiHosting.CoHosted);
}

var app = builder.Build();
app.MapDefaultEndpoints();
if (coHostApi)
{
    app.MapNoxApi();
}

app.Run();
