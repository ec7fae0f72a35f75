using System.Net;
using System.Net.Sockets;
using Nox.LinkSessions;
using Nox.Testing;

namespace Nox.Api.Tests.RateLimits;

/// <summary>
/// The client address the Authenticator's limit counts, over real connections (Kestrel on loopback): a connection
/// from an address that is not a configured proxy is counted as itself whatever its <c>X-Forwarded-For</c> says,
/// and a connection from the configured proxy is counted as the address it forwards. Linux answers on all of
/// 127.0.0.0/8, so a client bound to 127.0.0.2 stands for the proxy and one on 127.0.0.1 for anyone else.
/// </summary>
public abstract class ForwardedAddressTests(ForwardedAddressFixture fixture)
{
    [Collection(SplitForwardedAddressCollection.Name)]
    public sealed class Split(SplitForwardedAddressFixture fixture) : ForwardedAddressTests(fixture);

    [Collection(CoHostedForwardedAddressCollection.Name)]
    public sealed class CoHosted(CoHostedForwardedAddressFixture fixture) : ForwardedAddressTests(fixture);

    private static int lastAddress;

    private static string NewForwardedAddress() => $"198.51.100.{Interlocked.Increment(ref lastAddress)}";

    [Fact]
    public async Task A_connection_that_is_not_a_proxy_is_counted_as_itself_whatever_it_forwards()
    {
        using var client = fixture.ClientFrom(ForwardedAddressFixture.Untrusted);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= ForwardedAddressFixture.PerMinute; i++)
        {
            answers.Add(await GetPageAsync(client, NewForwardedAddress()));
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answers[..^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }

    [Fact]
    public async Task A_connection_from_the_configured_proxy_is_counted_as_the_address_it_forwards()
    {
        using var client = fixture.ClientFrom(ForwardedAddressFixture.Proxy);
        var repeated = NewForwardedAddress();
        for (var i = 0; i <= ForwardedAddressFixture.PerMinute; i++)
        {
            // Each forwarded address has a budget of its own.
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await GetPageAsync(client, NewForwardedAddress()));
        }

        for (var i = 0; i < ForwardedAddressFixture.PerMinute; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await GetPageAsync(client, repeated));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetPageAsync(client, repeated));
    }

    private static async Task<HttpStatusCode> GetPageAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/ui?token={LinkToken.Mint()}&language=en");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}

public abstract class ForwardedAddressFixture(Topology topology) : IAsyncLifetime
{
    public const int PerMinute = 3;

    public static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.2");

    public static readonly IPAddress Untrusted = IPAddress.Loopback;

    private readonly int port = FreePort.Next();

    public INoxApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions
    {
        Name = "forwarded-address-tests",
        KestrelPort = port,
        Settings = new Dictionary<string, string?>(TestSuppliers.Settings)
        {
            ["Nox:RateLimits:AuthenticatorPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nox:ForwardedHeaders:KnownProxies:0"] = Proxy.ToString(),
        },
    });

    /// <summary>A client whose connections come from <paramref name="source"/> (a loopback address).</summary>
    public HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"),
    };

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SplitForwardedAddressFixture() : ForwardedAddressFixture(Topology.Split);

public sealed class CoHostedForwardedAddressFixture() : ForwardedAddressFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitForwardedAddressCollection : ICollectionFixture<SplitForwardedAddressFixture>
{
    public const string Name = "forwarded address (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedForwardedAddressCollection : ICollectionFixture<CoHostedForwardedAddressFixture>
{
    public const string Name = "forwarded address (co-hosted)";
}
