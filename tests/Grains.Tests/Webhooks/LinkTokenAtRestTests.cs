using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using Nox.Webhooks;
using Orleans.Storage;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>
/// The link token at rest: sealed in the session's stored state and in stored event bodies, opened only to be sent
/// and for the event log, so the bytes sent and signed show it as before; states stored before keep reading.
/// </summary>
[Collection(WebhookClusterCollection.Name)]
public sealed class LinkTokenAtRestTests(WebhookClusterFixture fixture)
{
    [Fact]
    public async Task A_session_stores_its_token_and_its_event_bodies_sealed_and_sends_and_logs_them_open()
    {
        var supplier = fixture.NextSupplier();
        var (url, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionOpened, WebhookEventType.LinkSessionCompleted);
        var (token, session) = await fixture.CreateSessionAsync(supplier);
        Assert.NotNull(await session.OpenAsync());
        await session.CompleteAsync(Brand.Daikin);

        var sent = await fixture.Receiver.WaitForAsync(url, count: 2);

        Assert.All(sent, s => Assert.Equal(token, s.Json.GetProperty("data").GetProperty("link_token").GetString()));
        Assert.All(sent, s => Assert.Contains($"token={token}&", s.Json.GetProperty("data").GetProperty("link_url").GetString(), StringComparison.Ordinal));
        var stored = await StoredAsync(session);
        Assert.Null(stored.PlainToken);
        Assert.NotNull(stored.SealedToken);
        Assert.DoesNotContain(token, stored.SealedToken, StringComparison.Ordinal);
        Assert.Equal(2, stored.Outbox.Length);
        Assert.All(stored.Outbox, e => Assert.DoesNotContain(token, e.Body, StringComparison.Ordinal));
        var store = fixture.SiloServices.GetRequiredService<IWebhookStore>();
        var log = (await fixture.Client.GetGrain<IWebhookEventLogGrain>(0).ListAsync(supplier, 10, null)).Events;
        Assert.Equal(2, log.Length);
        foreach (var entry in log)
        {
            Assert.DoesNotContain(token, (await store.GetAsync(supplier, entry.Id))!.Event.Body, StringComparison.Ordinal);
            // The log shows the event exactly as it was sent.
            Assert.Equal(Assert.Single(sent, s => s.Id == entry.Id).BodyText, entry.Body);
        }
    }

    [Fact]
    public async Task A_session_stored_with_its_token_in_plain_text_shows_it_and_stores_it_sealed_from_its_next_write()
    {
        var supplier = fixture.NextSupplier();
        var (url, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        var token = LinkToken.Mint();
        var key = LinkToken.ToGrainKey(token);
        var session = fixture.Client.GetGrain<ILinkSessionGrain>(key);
        var createdAt = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
        var openedId = WebhookIds.ForSessionEvent(key, WebhookEventType.LinkSessionOpened);
        var openedBody = "{\"id\":\"" + openedId + "\",\"type\":\"link_session.opened\",\"created_at\":" + createdAt + ",\"data\":{\"link_token\":\"" + token + "\"}}";
        // As a version before sealing stored it: the token (Id 12) and an event body in plain text.
        var before = new LinkSessionState
        {
            Supplier = supplier,
            SupplierUserId = "user-1",
            RedirectUrl = $"https://{supplier}.example/return",
            Language = Language.En,
            CreatedAt = createdAt,
            ExpiresAt = createdAt + LinkSessionLifetime.Seconds,
            OpenedAt = createdAt,
            PlainToken = token,
            Outbox =
            [
                new WebhookEvent(openedId, WebhookEventType.LinkSessionOpened, supplier, createdAt * 1000, openedBody, null),
            ],
        };
        await Storage().WriteStateAsync(LinkSessionGrain.StateName, session.GetGrainId(), new GrainState<LinkSessionState>(before));

        await session.CompleteAsync(Brand.Daikin);

        var sent = Assert.Single(await fixture.Receiver.WaitForAsync(url));
        Assert.Equal("link_session.completed", sent.Type);
        Assert.Equal(token, sent.Json.GetProperty("data").GetProperty("link_token").GetString());
        var stored = await StoredAsync(session);
        Assert.Null(stored.PlainToken);
        Assert.NotNull(stored.SealedToken);
        Assert.Equal([WebhookEventType.LinkSessionOpened, WebhookEventType.LinkSessionCompleted], stored.Outbox.Select(e => e.Type));
        Assert.All(stored.Outbox, e => Assert.DoesNotContain(token, e.Body, StringComparison.Ordinal));
    }

    private IGrainStorage Storage() => fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Sessions);

    private async Task<LinkSessionState> StoredAsync(ILinkSessionGrain session)
    {
        var state = new GrainState<LinkSessionState>();
        await Storage().ReadStateAsync(LinkSessionGrain.StateName, session.GetGrainId(), state);
        Assert.True(state.RecordExists);
        return state.State!;
    }
}
