using System.Globalization;
using System.Net.Http.Json;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>
/// Silo and API processes as they run in production: separate processes, built output, Redis for
/// clustering and storage (or, without a Redis server, the embedded default: one silo on localhost
/// clustering with in-memory storage), every port chosen free on loopback. One cluster identity per instance.
/// </summary>
public sealed class NoxProcesses(string? redisConnectionString) : IAsyncDisposable
{
    public NoxProcesses(RedisServer? redis)
        : this(redis?.ConnectionString)
    {
    }

    public const string ApiKey = "integration-key-0123456789abcdef";
    public const string RedirectUrl = "https://acme.example/return";

    private readonly List<ChildProcess> processes = [];

    /// <summary>On the embedded default the API finds the silo at a fixed gateway port.</summary>
    private readonly int embeddedGatewayPort = FreePort.Next();

    public string ClusterId { get; } = $"it-{Guid.NewGuid():N}";

    public string ServiceId { get; } = $"nox-it-{Guid.NewGuid():N}";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Silo settings that lift the supplier's rate limit to its maximum: for load tests about faults, where the
    /// default limit's 429s are the limiter doing its job, not what they measure.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> UnlimitedRate = new Dictionary<string, string?>
    {
        ["Nox__Suppliers__0__RateLimit__PermitsPerSecond"] = "1000000",
        ["Nox__Suppliers__0__RateLimit__Burst"] = "1000000",
    };

    /// <summary>Starts a silo; with <paramref name="coHostApi"/> it also serves the whole API (<c>Nox:Api:Enabled</c>).</summary>
    public async Task<NoxProcess> StartSiloAsync(IReadOnlyDictionary<string, string?>? extra = null, bool coHostApi = false)
    {
        var http = FreePort.Next();
        var environment = ClusterEnvironment();
        environment["Orleans__SiloPort"] = Port(FreePort.Next());
        environment["Orleans__GatewayPort"] = Port(redisConnectionString is null ? embeddedGatewayPort : FreePort.Next());
        environment["Nox__Suppliers__0__Name"] = "acme";
        environment["Nox__Suppliers__0__ApiKeys__0"] = ApiKey;
        environment["Nox__Suppliers__0__AllowedRedirectUrls__0"] = RedirectUrl;
        if (coHostApi)
        {
            environment["Nox__Api__Enabled"] = "true";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var silo = Start("silo", "Silo", "Nox.Orleans.Silo.dll", http, environment);
        await WaitForHttpAsync(silo, "/readyz");
        return silo;
    }

    /// <summary>Starts an API instance; it is alive at once and ready once connected to the cluster.</summary>
    public async Task<NoxProcess> StartApiAsync(IDictionary<string, string?>? extra = null, bool waitUntilReady = false)
    {
        var environment = ClusterEnvironment();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var api = Start("api", "Api", "Nox.Orleans.Api.dll", FreePort.Next(), environment);
        await WaitForHttpAsync(api, waitUntilReady ? "/readyz" : "/healthz");
        return api;
    }

    private Dictionary<string, string?> ClusterEnvironment() => new()
    {
        [redisConnectionString is null ? "Orleans__GatewayPort" : "ConnectionStrings__redis"] = redisConnectionString ?? Port(embeddedGatewayPort),
        ["Orleans__ClusterId"] = ClusterId,
        ["Orleans__ServiceId"] = ServiceId,
        ["Nox__PublicBaseUrl"] = "https://auth.nox.test",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    private NoxProcess Start(string name, string project, string assembly, int httpPort, Dictionary<string, string?> environment)
    {
        var dll = Path.Combine(RepositoryRoot, "src", project, "bin", BuildConfiguration, "net10.0", assembly);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} first: {dll} is missing.");
        }

        var url = $"http://127.0.0.1:{Port(httpPort)}";
        var child = ChildProcess.Start($"{name}:{httpPort}", "dotnet", [dll, "--urls", url], environment);
        processes.Add(child);
        return new NoxProcess(child, new Uri(url));
    }

    private static async Task WaitForHttpAsync(NoxProcess process, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.Child.HasExited)
            {
                throw new InvalidOperationException($"{process.Child.Name} exited:\n{process.Child.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(process.Url, path))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{process.Child.Name} did not answer {path}:\n{process.Child.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The configuration these tests were built in (Debug or Release); the services were built alongside.</summary>
    private static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nox.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Nox.Orleans.sln not found above the test output.");
    }
}

public sealed record NoxProcess(ChildProcess Child, Uri Url)
{
    public HttpClient CreateClient(string? apiKey = NoxProcesses.ApiKey)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(15) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    public Task<HttpResponseMessage> CreateSessionAsync(HttpClient client) =>
        client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = "user-1", redirect_url = NoxProcesses.RedirectUrl });
}
