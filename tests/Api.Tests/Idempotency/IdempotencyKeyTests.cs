using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Nox.Api.Tests.Idempotency.IdempotencyRequests;

namespace Nox.Api.Tests.Idempotency;

/// <summary>Every answer a create under an Idempotency-Key can get, and the header's rules, in both topologies.</summary>
public abstract class IdempotencyKeyTests(ApiFixture fixture)
{
    [Collection(SplitApiCollection.Name)]
    public sealed class Split(SplitApiFixture fixture) : IdempotencyKeyTests(fixture);

    [Collection(CoHostedApiCollection.Name)]
    public sealed class CoHosted(CoHostedApiFixture fixture) : IdempotencyKeyTests(fixture);

    private static string NewKey() => Guid.NewGuid().ToString();

    private static async Task<string> TokenOfAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link_token").GetString()!;

    [Fact]
    public async Task A_retry_of_the_same_request_gets_the_first_201_again_byte_for_byte_with_idempotent_replayed()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var first = await PostAsync(client, key, Body());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Null(Replayed(first));

        // The same parsed request, written differently: members reordered, spacing, an unknown member.
        var replay = await PostAsync(
            client,
            key,
            $$"""{ "language": "en", "brand": "daikin", "redirect_url": "{{ApiFixture.AcmeRedirect}}", "user_id": "user-1", "metadata": {"retry": 2} }""");

        await AssertReplayOfAsync(first, replay);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(first.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_replay_is_the_first_answer_even_after_the_session_changed()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var first = await PostAsync(client, key, Body());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{first.Headers.Location}/expire", null)).StatusCode);

        var replay = await PostAsync(client, key, Body());

        await AssertReplayOfAsync(first, replay);
        Assert.Equal("pending", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var current = await client.GetFromJsonAsync<JsonElement>(first.Headers.Location);
        Assert.Equal("expired", current.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"user_id":"user-2","redirect_url":"https://acme.example/return","brand":"daikin","language":"en"}""")]
    [InlineData("""{"user_id":"user-1","redirect_url":"https://acme.example/return?source=nox","brand":"daikin","language":"en"}""")]
    [InlineData("""{"user_id":"user-1","redirect_url":"https://acme.example/return","brand":"nibe","language":"en"}""")]
    [InlineData("""{"user_id":"user-1","redirect_url":"https://acme.example/return","language":"en"}""")]
    [InlineData("""{"user_id":"user-1","redirect_url":"https://acme.example/return","brand":"daikin"}""")]
    public async Task The_key_with_a_different_request_is_422_and_the_first_answer_is_kept(string different)
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var first = await PostAsync(client, key, Body());

        var refused = await PostAsync(client, key, different);

        await HttpAssert.ErrorAsync(refused, (HttpStatusCode)422, "different request");
        Assert.Null(Replayed(refused));
        await AssertReplayOfAsync(first, await PostAsync(client, key, Body()));
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_supplier()
    {
        using var acme = fixture.CreateClient(ApiFixture.AcmeKey);
        using var globex = fixture.CreateClient(ApiFixture.GlobexKey);
        var key = NewKey();

        var acmeFirst = await PostAsync(acme, key, Body());
        var globexFirst = await PostAsync(globex, key, Body(redirectUrl: "https://globex.example/done"));

        Assert.Equal(HttpStatusCode.Created, acmeFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Created, globexFirst.StatusCode);
        Assert.Null(Replayed(globexFirst));
        Assert.NotEqual(await TokenOfAsync(acmeFirst), await TokenOfAsync(globexFirst));
        await AssertReplayOfAsync(globexFirst, await PostAsync(globex, key, Body(redirectUrl: "https://globex.example/done")));
        await AssertReplayOfAsync(acmeFirst, await PostAsync(acme, key, Body()));
    }

    [Fact]
    public async Task Without_the_header_every_create_opens_a_new_session()
    {
        using var client = fixture.CreateClient();

        var first = await PostAsync(client, key: null, Body());
        var second = await PostAsync(client, key: null, Body());

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Null(Replayed(second));
        Assert.NotEqual(await TokenOfAsync(first), await TokenOfAsync(second));
    }

    [Fact]
    public async Task A_request_refused_with_4xx_is_not_kept_and_its_retry_runs_anew()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();

        await HttpAssert.ErrorAsync(await PostAsync(client, key, """{"redirect_url":"https://acme.example/return"}"""), HttpStatusCode.BadRequest, "user_id");
        var created = await PostAsync(client, key, Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Null(Replayed(created));

        // A used key does not excuse a bad request: it is checked like any other.
        await HttpAssert.ErrorAsync(await PostAsync(client, key, """{"user_id":"user-1"}"""), HttpStatusCode.BadRequest, "redirect_url");
        await AssertReplayOfAsync(created, await PostAsync(client, key, Body()));
    }

    [Theory]
    [InlineData("   ", "1 to 255 characters")]
    [InlineData("caf\u00e9-1", "printable ASCII")]
    [InlineData("tab\there", "printable ASCII")]
    [InlineData("del\u007f", "printable ASCII")]
    public async Task An_idempotency_key_that_breaks_its_rules_is_400_naming_the_header(string key, string message)
    {
        using var client = fixture.CreateClient();

        var body = await HttpAssert.ErrorAsync(await PostAsync(client, key, Body()), HttpStatusCode.BadRequest, message);

        Assert.Equal("Idempotency-Key", body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_idempotency_key_of_256_characters_or_sent_twice_is_400()
    {
        using var client = fixture.CreateClient();

        await HttpAssert.ErrorAsync(await PostAsync(client, new string('k', 256), Body()), HttpStatusCode.BadRequest, "1 to 255 characters");
        await HttpAssert.ErrorAsync(await PostAsync(client, NewKey(), Body(), NewKey()), HttpStatusCode.BadRequest, "once");
    }

    [Theory]
    [InlineData("k")]
    [InlineData(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"")]
    public async Task An_idempotency_key_of_printable_ascii_is_accepted(string printable)
    {
        using var client = fixture.CreateClient();
        var key = printable.Length > 1 ? $"{printable} {Guid.NewGuid():N}" : $"{printable}{Guid.NewGuid():N}";

        var first = await PostAsync(client, key, Body());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertReplayOfAsync(first, await PostAsync(client, key, Body()));
    }

    [Fact]
    public async Task An_idempotency_key_of_255_characters_is_accepted()
    {
        using var client = fixture.CreateClient();
        var key = Guid.NewGuid().ToString("N").PadRight(255, 'k');

        var first = await PostAsync(client, key, Body());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertReplayOfAsync(first, await PostAsync(client, key, Body()));
    }
}
