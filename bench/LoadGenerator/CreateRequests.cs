using System.Net.Http.Headers;
using System.Text;

namespace Nox.Bench.LoadGenerator;

/// <summary>
/// Create requests as a supplier sends them. Every one is for a different user, as in a real burst:
/// completing a session links the devices to its user, so one shared user would serialize the
/// completions on that user's grain and measure the bench instead of the service.
/// </summary>
public sealed class CreateRequests(Options options)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri endpoint = new(options.Url, "/v2/supplier/link-sessions");
    private readonly string prefix = $"{{\"user_id\":\"bench-{Guid.NewGuid():N}-";
    private readonly string suffix = $"\",\"redirect_url\":\"{options.RedirectUrl}\",\"brand\":\"daikin\",\"language\":\"en\"}}";
    private readonly string apiKey = options.ApiKey;

    public HttpRequestMessage Create(long sequence)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{prefix}{sequence}{suffix}"));
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        return request;
    }

    /// <summary>A client for one run: plenty of connections so the client never queues what the schedule sends.</summary>
    public static HttpClient Client(int maxConnections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };
}
