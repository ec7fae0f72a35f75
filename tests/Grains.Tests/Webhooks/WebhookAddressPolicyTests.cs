using System.Net;
using Microsoft.Extensions.Options;
using Nox.Testing.Webhooks;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>Outbound safety without <c>AllowPrivateNetworks</c>: refused when saved, and again when a request connects.</summary>
public sealed class WebhookAddressPolicyTests
{
    private static readonly WebhookAddressPolicy Policy = new(Options.Create(new WebhookOptions { AllowPrivateNetworks = false }));

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    public async Task An_address_in_loopback_private_or_link_local_space_is_refused_when_saved(string url)
    {
        Assert.Contains("loopback, private or link-local", await Policy.RefuseAsync(url), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://93.184.215.14/hook")]
    [InlineData("https://[2606:4700::1111]/hook")]
    public async Task A_public_address_is_allowed(string url)
    {
        Assert.Null(await Policy.RefuseAsync(url));
    }

    [Fact]
    public async Task A_request_that_would_connect_to_loopback_fails_before_it_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = Policy.ConnectAsync, AllowAutoRedirect = false });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(receiver.NewUrl(), new StringContent("{}")));

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        Assert.Empty(receiver.Received);
    }
}
