using Nox.Testing;

namespace Nox.Api.Tests.RateLimits;

/// <summary>
/// The API (either topology) with an Authenticator limit of <see cref="PerMinute"/> requests per client address
/// and one configured proxy network. The test server has no connection address, so the forwarded address is
/// the client's: every test uses addresses of its own.
/// </summary>
public abstract class AuthenticatorLimitFixture(Topology topology) : IAsyncLifetime
{
    public const int PerMinute = 5;

    public const string ProxyNetwork = "10.20.0.0/16";

    public const string Proxy = "192.0.2.10";

    public INoxApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await INoxApiHost.StartAsync(topology, new NoxApiHostOptions
    {
        Name = "authenticator-limit-tests",
        Settings = new Dictionary<string, string?>(TestSuppliers.Settings)
        {
            ["Nox:RateLimits:AuthenticatorPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Nox:ForwardedHeaders:KnownNetworks:0"] = ProxyNetwork,
            ["Nox:ForwardedHeaders:KnownProxies:0"] = Proxy,
        },
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SplitAuthenticatorLimitFixture() : AuthenticatorLimitFixture(Topology.Split);

public sealed class CoHostedAuthenticatorLimitFixture() : AuthenticatorLimitFixture(Topology.CoHosted);

[CollectionDefinition(Name)]
public sealed class SplitAuthenticatorLimitCollection : ICollectionFixture<SplitAuthenticatorLimitFixture>
{
    public const string Name = "authenticator limit (split)";
}

[CollectionDefinition(Name)]
public sealed class CoHostedAuthenticatorLimitCollection : ICollectionFixture<CoHostedAuthenticatorLimitFixture>
{
    public const string Name = "authenticator limit (co-hosted)";
}
