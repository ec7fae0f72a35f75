using Nox.LinkSessions;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>The durable retry schedule on the fake clock: nothing before a delay has passed, the same event after it.</summary>
[Collection(WebhookClusterCollection.Name)]
public sealed class RetryScheduleTests(WebhookClusterFixture fixture)
{
    [Fact]
    public async Task A_5xx_is_retried_only_after_each_configured_delay_with_the_same_id_and_body_then_delivered()
    {
        var supplier = fixture.NextSupplier();
        var (url, _) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        fixture.Receiver.Answer(url, 500);
        fixture.Receiver.Answer(url, 503);
        var (_, session) = await fixture.CreateSessionAsync(supplier);

        await session.CompleteAsync(Brand.Daikin);
        await fixture.Receiver.WaitForAsync(url);
        await AttemptedAsync(supplier, 1);
        fixture.Clock.Advance(WebhookClusterFixture.FirstRetry - TimeSpan.FromSeconds(1));
        await fixture.Client.GetGrain<IWebhookEventLogGrain>(0).ListAsync(supplier, 10, null);
        Assert.Single(fixture.Receiver.At(url));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.Receiver.WaitForAsync(url, count: 2);
        await AttemptedAsync(supplier, 2);
        fixture.Clock.Advance(WebhookClusterFixture.SecondRetry);
        var attempts = await fixture.Receiver.WaitForAsync(url, count: 3);

        Assert.Equal([500, 503, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.Single(attempts.Select(a => a.BodyText).Distinct());
        var delivery = await AttemptedAsync(supplier, 3);
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivery.Status);
    }

    private async Task<WebhookDelivery> AttemptedAsync(string supplier, int attempts)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var page = await fixture.Client.GetGrain<IWebhookEventLogGrain>(0).ListAsync(supplier, 10, null);
            if (page.Events.FirstOrDefault()?.Deliveries.FirstOrDefault() is { } delivery && delivery.Attempts >= attempts
                && (attempts < 3 || delivery.Status != WebhookDeliveryStatus.Pending))
            {
                return delivery;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The delivery did not reach {attempts} attempts.");
            await Task.Delay(50);
        }
    }
}
