using Nox.LinkSessions;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>
/// A redelivery asked for while an attempt of the same event to the same endpoint is under way, raced
/// deterministically: the receiver holds the attempt until the redelivery has been asked for, and the endpoint
/// takes one attempt at a time, so the redelivery's attempt can only start after the first one's outcome is in.
/// That outcome must neither be stored over the new round nor take the redelivery out of its queue.
/// </summary>
public sealed class RedeliveryRaceTests(OneAttemptPerEndpointClusterFixture fixture) : IClassFixture<OneAttemptPerEndpointClusterFixture>
{
    [Theory]
    [InlineData(200)]
    [InlineData(500)]
    public async Task A_redelivery_asked_for_during_an_attempt_is_sent_again_whatever_that_attempt_answers(int firstAnswer)
    {
        var supplier = fixture.NextSupplier();
        var (url, endpoint) = await fixture.SubscribeAsync(supplier, WebhookEventType.LinkSessionCompleted);
        var held = fixture.Receiver.Hold(url);
        var (_, session) = await fixture.CreateSessionAsync(supplier);
        await session.CompleteAsync(Brand.Daikin);
        await held.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        var log = fixture.Client.GetGrain<IWebhookEventLogGrain>(0);
        var eventId = Assert.Single((await log.ListAsync(supplier, 10, null)).Events).Id;

        Assert.True(await log.RedeliverAsync(supplier, eventId));
        held.Release(firstAnswer);

        // While the first attempt is under way the endpoint is busy, and the redelivery waits a busy back-off (1 s
        // on the fake clock) at a time. A few such steps, far less than the first retry delay (10 s): a second copy
        // can only be the redelivery's.
        await fixture.Receiver.WaitForAsync(url);
        for (var step = 0; step < 5 && fixture.Receiver.At(url).Count < 2; step++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            try
            {
                await fixture.Receiver.WaitForAsync(url, count: 2, within: TimeSpan.FromSeconds(3));
            }
            catch (TimeoutException)
            {
                // Still busy at that moment: one more step.
            }
        }

        var copies = fixture.Receiver.At(url);

        Assert.Equal([firstAnswer, 200], copies.Select(c => c.AnsweredStatus));
        Assert.Single(copies.Select(c => c.Id).Distinct());
        Assert.Single(copies.Select(c => c.BodyText).Distinct());
        var delivery = await DeliveryAsync(log, supplier, d => d.Status != WebhookDeliveryStatus.Pending);
        Assert.Equal(new WebhookDelivery(endpoint.Endpoint!.Id, WebhookDeliveryStatus.Delivered, 1, 200, Round: 1), delivery);
    }

    /// <summary>Waits for the one delivery of the supplier's one event to match.</summary>
    private static async Task<WebhookDelivery> DeliveryAsync(IWebhookEventLogGrain log, string supplier, Func<WebhookDelivery, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var delivery = Assert.Single(Assert.Single((await log.ListAsync(supplier, 10, null)).Events).Deliveries);
            if (match(delivery))
            {
                return delivery;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The delivery stayed {delivery}.");
            await Task.Delay(50);
        }
    }
}

/// <summary>A webhook cluster of its own whose endpoints take one attempt at a time.</summary>
public sealed class OneAttemptPerEndpointClusterFixture : WebhookClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Nox:Webhooks:MaxConcurrencyPerEndpoint"] = "1",
    };
}
