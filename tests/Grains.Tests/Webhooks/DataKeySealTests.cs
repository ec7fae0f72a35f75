using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Nox.Hosting.DataProtection;
using Nox.LinkSessions;
using Nox.Webhooks;

namespace Nox.Grains.Tests.Webhooks;

/// <summary>
/// Link tokens and webhook bodies sealed with AES-GCM under the service's data key: they round trip, every seal
/// differs, a changed byte or another purpose does not open, and values stored by earlier versions (sealed with
/// Data Protection, or plain) still open.
/// </summary>
public sealed class DataKeySealTests
{
    private const string Body = "{\"id\":\"evt_1\",\"type\":\"link_session.opened\",\"data\":{\"link_token\":\"lt_abc\",\"note\":\"grüße\"}}";

    private readonly IDataProtectionProvider dataProtection = new EphemeralDataProtectionProvider();
    private readonly LinkTokenSeal tokens;
    private readonly WebhookBodySeal bodies;

    public DataKeySealTests()
    {
        var seal = new DataKeySeal(DataKeyRing.InMemory());
        tokens = new LinkTokenSeal(seal, dataProtection);
        bodies = new WebhookBodySeal(seal, dataProtection);
    }

    [Fact]
    public void A_token_and_a_body_round_trip_and_show_neither_in_the_sealed_value()
    {
        var token = LinkToken.Mint();

        var sealedToken = tokens.Seal(token);
        var sealedBody = bodies.Seal(Body);

        Assert.Equal(token, tokens.TokenOf(new LinkSessionState { SealedToken = sealedToken }));
        Assert.Equal(Body, bodies.Open(sealedBody));
        Assert.StartsWith(DataKeySeal.Prefix, sealedToken, StringComparison.Ordinal);
        Assert.True(bodies.IsSealed(sealedBody));
        Assert.DoesNotContain(token, sealedToken, StringComparison.Ordinal);
        Assert.DoesNotContain("lt_abc", sealedBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_larger_than_the_stack_buffer_round_trips()
    {
        var body = "{\"data\":\"" + new string('x', 5000) + "\"}";

        Assert.Equal(body, bodies.Open(bodies.Seal(body)));
    }

    [Fact]
    public void The_same_value_sealed_twice_gives_different_sealed_values()
    {
        var token = LinkToken.Mint();

        Assert.NotEqual(tokens.Seal(token), tokens.Seal(token));
        Assert.NotEqual(bodies.Seal(Body), bodies.Seal(Body));
    }

    [Fact]
    public void Nonces_never_repeat_under_a_key_across_threads_and_processes_sharing_it_draw_different_ones()
    {
        var bytes = RandomNumberGenerator.GetBytes(DataKey.Size);
        var process1 = new DataKey("0a0b0c0d", bytes);
        var process2 = new DataKey("0a0b0c0d", bytes);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();

        Parallel.For(0, 40_000, i =>
        {
            Span<byte> nonce = stackalloc byte[DataKeySeal.NonceSize];
            (i % 2 == 0 ? process1 : process2).NextNonce(nonce);
            Assert.True(seen.TryAdd(Convert.ToHexString(nonce), true), "a nonce repeated");
        });

        Assert.Equal(40_000, seen.Count);
    }

    [Fact]
    public void A_sealed_value_with_one_byte_flipped_does_not_open()
    {
        var sealedBody = bodies.Seal(Body);
        var header = sealedBody.LastIndexOf('.') + 1;
        var bytes = Base64Url.DecodeFromChars(sealedBody.AsSpan(header));

        for (var i = 0; i < bytes.Length; i += 7)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var value = sealedBody[..header] + Base64Url.EncodeToString(tampered);
            Assert.ThrowsAny<CryptographicException>(() => bodies.Open(value));
        }
    }

    [Fact]
    public void A_token_does_not_open_as_a_body_nor_a_body_as_a_token()
    {
        var sealedToken = tokens.Seal(LinkToken.Mint());
        var sealedBody = bodies.Seal(Body);

        Assert.ThrowsAny<CryptographicException>(() => bodies.Open(sealedToken));
        Assert.ThrowsAny<CryptographicException>(() => tokens.TokenOf(new LinkSessionState { SealedToken = sealedBody }));
    }

    [Fact]
    public void A_value_sealed_under_another_services_data_key_does_not_open()
    {
        var other = new LinkTokenSeal(new DataKeySeal(DataKeyRing.InMemory()), dataProtection);

        var error = Assert.ThrowsAny<CryptographicException>(() => tokens.TokenOf(new LinkSessionState { SealedToken = other.Seal("lt_other") }));
        Assert.Contains("not in this service's data key ring", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_and_a_body_sealed_with_Data_Protection_by_an_earlier_version_still_open()
    {
        var token = LinkToken.Mint();
        // As the version before the data key sealed them.
        var earlierToken = Base64Url.EncodeToString(dataProtection.CreateProtector(LinkTokenSeal.Purpose).Protect(Encoding.ASCII.GetBytes(token)));
        var earlierBody = "sealed:" + Base64Url.EncodeToString(dataProtection.CreateProtector(WebhookBodySeal.Purpose).Protect(Encoding.UTF8.GetBytes(Body)));

        Assert.Equal(token, tokens.TokenOf(new LinkSessionState { SealedToken = earlierToken }));
        Assert.True(bodies.IsSealed(earlierBody));
        Assert.Equal(Body, bodies.Open(earlierBody));
    }

    [Fact]
    public void A_plain_token_and_a_plain_body_stored_before_sealing_open_as_they_are_and_a_plain_token_is_sealed_for_the_next_write()
    {
        var token = LinkToken.Mint();
        var state = new LinkSessionState { PlainToken = token };

        Assert.Equal(token, tokens.TokenOf(state));
        Assert.False(bodies.IsSealed(Body));
        Assert.Equal(Body, bodies.Open(Body));

        tokens.SealPlainToken(state);

        Assert.Null(state.PlainToken);
        Assert.StartsWith(DataKeySeal.Prefix, state.SealedToken, StringComparison.Ordinal);
        Assert.Equal(token, tokens.TokenOf(state));
    }

    [Fact]
    public void Without_its_data_key_a_seal_throws_and_never_returns_the_value_unsealed()
    {
        var ring = new DataKeyRing(_ => Task.FromException<DataKeys>(new TimeoutException("Redis did not answer")), NullLogger<DataKeyRing>.Instance);
        var seal = new LinkTokenSeal(new DataKeySeal(ring), dataProtection);

        Assert.Throws<InvalidOperationException>(() => seal.Seal(LinkToken.Mint()));
        Assert.False(ring.IsLoaded);
    }

    [Fact]
    public async Task A_ring_that_could_not_load_at_start_loads_on_first_use_and_then_seals()
    {
        var key = DataKey.Create();
        var attempts = 0;
        var ring = new DataKeyRing(
            _ => Interlocked.Increment(ref attempts) == 1 ? Task.FromException<DataKeys>(new TimeoutException("Redis did not answer")) : Task.FromResult(new DataKeys(key, [key])),
            NullLogger<DataKeyRing>.Instance);
        var seal = new DataKeySeal(ring);
        await Assert.ThrowsAsync<TimeoutException>(() => ring.LoadAsync(CancellationToken.None));

        Assert.Throws<InvalidOperationException>(() => seal.Seal("lt_1", "p"u8));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!ring.IsLoaded && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal("lt_1", seal.Open(seal.Seal("lt_1", "p"u8), "p"u8));
        Assert.Contains($".{key.Id}.", seal.Seal("lt_1", "p"u8), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_naming_a_key_added_after_the_ring_loaded_opens_once_the_ring_reloads_and_older_keys_keep_opening()
    {
        var first = DataKey.Create();
        var second = DataKey.Create();
        var stored = new DataKeys(first, [first]);
        var ring = new DataKeyRing(_ => Task.FromResult(stored), NullLogger<DataKeyRing>.Instance);
        await ring.LoadAsync(CancellationToken.None);
        var seal = new DataKeySeal(ring);
        var sealedWithFirst = seal.Seal("lt_1", "p"u8);
        // Another process rotated: storage now names a second key current, and (here) no longer holds the first.
        stored = new DataKeys(second, [second]);
        var sealedWithSecond = new DataKeySeal(DataKeyRing.InMemory(second)).Seal("lt_2", "p"u8);

        Assert.ThrowsAny<CryptographicException>(() => seal.Open(sealedWithSecond, "p"u8));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ring.Current.Id != second.Id && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal("lt_2", seal.Open(sealedWithSecond, "p"u8));
        Assert.Equal("lt_1", seal.Open(sealedWithFirst, "p"u8));
        Assert.Contains($".{second.Id}.", seal.Seal("lt_3", "p"u8), StringComparison.Ordinal);
    }
}
