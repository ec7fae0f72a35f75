using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Nox.LinkSessions;

namespace Nox.Webhooks;

/// <summary>
/// Where webhooks may go: <c>https</c> URLs (<c>http</c> only for <c>localhost</c>/<c>127.0.0.1</c>), and never to a
/// loopback, private, link-local or otherwise internal address unless <see cref="WebhookOptions.AllowPrivateNetworks"/>.
/// Checked when an endpoint is saved (a clear 400) and again on the address each connection is actually made to
/// (<see cref="ConnectAsync"/>), so a name that resolves elsewhere later (DNS rebinding) reaches nothing internal.
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    private bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks;

    /// <summary>Why <paramref name="url"/> cannot be an endpoint, or null when it can.</summary>
    public async Task<string?> RefuseAsync(string url)
    {
        if (url.Length > 2048 || !RedirectUrlScheme.IsAcceptable(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "url must be an absolute https URL (http only for localhost or 127.0.0.1) of at most 2048 characters.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "url must not have a fragment.";
        }

        if (AllowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = new CancellationTokenSource(ResolveTimeout);
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ArgumentException)
        {
            return "url's host does not resolve.";
        }

        if (addresses.Length == 0)
        {
            return "url's host does not resolve.";
        }

        return addresses.All(IsPublic) ? null : "url resolves to a loopback, private or link-local address, which webhooks may not reach.";
    }

    /// <summary>
    /// The connection of every webhook request (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host
    /// now and connects only to an address the policy allows.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = AllowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The webhook endpoint's address is not allowed (loopback, private or link-local).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>An address on the public internet: not loopback, private, link-local, shared, multicast or unspecified.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0
                || b[0] == 10
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)   // shared address space (carrier-grade NAT)
                || b[0] == 127
                || (b[0] == 169 && b[1] == 254)                  // link-local (cloud metadata services)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
                || b[0] >= 224);                                 // multicast and reserved
        }

        var bytes = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC                         // unique local fc00::/7
            || address.IsIPv6Teredo
            || (bytes[0] == 0x20 && bytes[1] == 0x02));          // 6to4 can embed any IPv4 address
    }
}
