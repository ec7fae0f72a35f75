namespace Nox.Api.RateLimits;

/// <summary>
/// <c>Nox:ForwardedHeaders:…</c>: the reverse proxies (ingress) whose <c>X-Forwarded-For</c> names the client
/// address. None configured: the header is ignored and the connection's address is the client's.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Nox:ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.7</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
