using Nox.Bench.Baseline;

// As little as an ASP.NET Core endpoint can be: no middleware, no request logging, a
// source-generated JSON body about the size of a small API answer.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJsonContext.Default));

var app = builder.Build();
var body = new Pong("pong", 1);
app.MapGet("/", () => TypedResults.Ok(body));
app.Run();
