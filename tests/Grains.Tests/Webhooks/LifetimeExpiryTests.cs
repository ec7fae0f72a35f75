using Nox.LinkSessions;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>The sweepers' link_session.expired with reason lifetime, on the fake clock.</summary>
[Collection(WebhookClusterCollection.Name)]
public sealed class LifetimeExpiryTests(WebhookClusterFixture fixture)
{
    [Fact]
    public async Task A_session_nobody_touches_gets_one_lifetime_expiry_event_within_60_seconds_without_an_activation()
    {
        var supplier = fixture.NextSupplier();
        var (url, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionExpired);
        var (token, _) = await fixture.CreateSessionAsync(supplier);
        var expiresAt = fixture.Clock.GetUtcNow().ToUnixTimeSeconds() + LinkSessionLifetime.Seconds;

        fixture.Clock.Advance(LinkSessionLifetime.Duration + TimeSpan.FromSeconds(59));

        var expired = Assert.Single(await fixture.Receiver.WaitForAsync(url));
        var data = expired.Json.GetProperty("data");
        Assert.Equal(token, data.GetProperty("link_token").GetString());
        Assert.Equal("lifetime", data.GetProperty("reason").GetString());
        Assert.InRange(expired.Json.GetProperty("created_at").GetInt64(), expiresAt, expiresAt + 60);
    }
}
