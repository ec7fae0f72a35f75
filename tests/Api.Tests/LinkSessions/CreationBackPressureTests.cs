using System.Net;
using System.Net.Http.Json;
using Nox.Api.LinkSessions;

namespace Nox.Api.Tests.LinkSessions;

/// <summary>
/// Creates against a stalled cluster, on the batcher's fake clock: one call is out and never answers,
/// one creation may wait. Nothing hangs: beyond the waiting room a create answers 503 at once, the others
/// answer 503 at the end of their budget, and a request that goes away is not written.
/// </summary>
public abstract class CreationBackPressureTests(FakeTimeApiFixture fixture) : IAsyncLifetime
{
    [Collection(SplitFakeTimeApiCollection.Name)]
    public sealed class Split(SplitFakeTimeApiFixture fixture) : CreationBackPressureTests(fixture);

    [Collection(CoHostedFakeTimeApiCollection.Name)]
    public sealed class CoHosted(CoHostedFakeTimeApiFixture fixture) : CreationBackPressureTests(fixture);

    private readonly HttpClient client = fixture.CreateClient();

    public Task InitializeAsync()
    {
        fixture.Factory.Hold = true;
        return Task.CompletedTask;
    }

    /// <summary>Lets the stalled calls return and the slot serve again, so the next test starts from an idle batcher.</summary>
    public async Task DisposeAsync()
    {
        fixture.Factory.Hold = false;
        fixture.Factory.AnswerHeld();
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("after-the-stall")).StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task Beyond_the_waiting_room_a_create_answers_503_with_retry_after_at_once_and_the_others_at_the_end_of_their_budget()
    {
        var sent = CreateAsync("sent");
        await WaitUntilAsync(() => fixture.Factory.HeldCalls == 1);
        var waiting = CreateAsync("waiting");
        await WaitUntilAsync(() => fixture.Batcher.Waiting == 1);

        var refused = await CreateAsync("refused");

        await HttpAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.False(sent.IsCompleted || waiting.IsCompleted);

        fixture.BatcherClock.Advance(LinkSessionCreationBatcher.Budget + LinkSessionCreationBatcher.DeadlineCheckPeriod);

        foreach (var response in await Task.WhenAll(sent, waiting).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await HttpAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }

    [Fact]
    public async Task A_waiting_create_whose_client_goes_away_is_never_written()
    {
        var sent = CreateAsync("sent");
        await WaitUntilAsync(() => fixture.Factory.HeldCalls == 1);
        using var leaving = new CancellationTokenSource();
        var abandoned = CreateAsync("abandoned", leaving.Token);
        await WaitUntilAsync(() => fixture.Batcher.Waiting == 1);

        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        fixture.Factory.Hold = false;
        fixture.Factory.AnswerHeld();

        Assert.Equal(HttpStatusCode.Created, (await sent.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("next")).StatusCode);
        var written = fixture.Factory.Batches.SelectMany(b => b).Select(c => c.Session.SupplierUserId).ToList();
        Assert.Contains("next", written);
        Assert.DoesNotContain("abandoned", written);
    }

    private Task<HttpResponseMessage> CreateAsync(string userId, CancellationToken cancellation = default) =>
        client.PostAsJsonAsync("/v2/supplier/link-sessions", new { user_id = userId, redirect_url = ApiFixture.AcmeRedirect }, cancellation);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(10);
        }
    }
}
