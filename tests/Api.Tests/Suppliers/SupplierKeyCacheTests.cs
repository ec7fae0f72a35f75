using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nox.Api.Suppliers;
using Nox.LinkSessions;
using Nox.Suppliers;
using Nox.Testing;

namespace Nox.Api.Tests.Suppliers;

/// <summary>
/// How long a key change takes to reach an API instance, measured on the catalog's fake clock: a revoked key
/// answers 401 on the first request once its instance's copy is past its bound, however long the instance was
/// idle (the timer's checks start on the fake clock but run in real time, so only the bound is a promise a
/// request can be held to); an expired key at its expiry; a copy that cannot be checked is not used past its
/// bound (503).
/// Changes are made through the directory grain, as the admin API makes them, but not through this instance's
/// admin API (which would refresh its copy at once).
/// </summary>
public abstract class SupplierKeyCacheTests(FakeTimeApiFixture fixture)
{
    [Collection(SplitFakeTimeApiCollection.Name)]
    public sealed class Split(SplitFakeTimeApiFixture fixture) : SupplierKeyCacheTests(fixture);

    [Collection(CoHostedFakeTimeApiCollection.Name)]
    public sealed class CoHosted(CoHostedFakeTimeApiFixture fixture) : SupplierKeyCacheTests(fixture);

    private static readonly TimeSpan Bound = FakeTimeApiFixture.CacheDuration;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private static string AnyTokenPath => $"/v2/supplier/link-sessions/{LinkToken.Mint()}";

    private ISupplierDirectoryGrain Directory => fixture.Grains.GetGrain<ISupplierDirectoryGrain>(0);

    [Theory]
    [InlineData(5.001)]
    [InlineData(3_600)]
    public async Task A_revoked_key_answers_401_on_the_first_request_after_idle_time_past_the_bound(double idleSeconds)
    {
        var (name, key, keyId) = await NewSupplierWithKeyAsync();
        using var client = fixture.CreateClient(key);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);

        Assert.True((await Directory.RevokeApiKeyAsync(name, keyId)).Succeeded);
        fixture.CatalogClock.Advance(TimeSpan.FromSeconds(idleSeconds));

        await HttpAssert.ErrorAsync(await client.GetAsync(AnyTokenPath), HttpStatusCode.Unauthorized, "Unknown or revoked API key.");
    }

    [Fact]
    public async Task Every_key_of_a_deleted_supplier_answers_401_past_the_bound()
    {
        var (name, key, _) = await NewSupplierWithKeyAsync();
        using var client = fixture.CreateClient(key);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);

        Assert.True((await Directory.DeleteAsync(name)).Succeeded);
        fixture.CatalogClock.Advance(Bound + Tick);

        await HttpAssert.ErrorAsync(await client.GetAsync(AnyTokenPath), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_answers_401_from_its_expiry_by_the_api_clock()
    {
        // In the future by both clocks: the cluster's (which checks it) and the catalog's (which earlier tests moved on).
        var expiresAt = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), fixture.CatalogClock.GetUtcNow().ToUnixTimeSeconds()) + 600;
        var (_, key, _) = await NewSupplierWithKeyAsync(expiresAt);
        using var client = fixture.CreateClient(key);
        fixture.CatalogClock.Advance(TimeSpan.FromSeconds(Math.Max(0, expiresAt - fixture.CatalogClock.GetUtcNow().ToUnixTimeSeconds() - 1)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);

        fixture.CatalogClock.Advance(TimeSpan.FromSeconds(1));

        await HttpAssert.ErrorAsync(await client.GetAsync(AnyTokenPath), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_issued_to_a_supplier_works_on_its_first_request()
    {
        using var warm = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await warm.GetAsync(AnyTokenPath)).StatusCode);
        var (_, key, _) = await NewSupplierWithKeyAsync();

        using var client = fixture.CreateClient(key);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
    }

    [Fact]
    public async Task While_the_supplier_list_cannot_be_checked_keys_work_up_to_the_bound_then_answer_503_with_retry_after()
    {
        using var client = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
        fixture.CatalogClock.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
        try
        {
            fixture.SupplierListDown = true;

            fixture.CatalogClock.Advance(Bound);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
            fixture.CatalogClock.Advance(Tick);
            var refused = await client.GetAsync(AnyTokenPath);

            await HttpAssert.ErrorAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            fixture.SupplierListDown = false;
        }

        fixture.CatalogClock.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
    }

    /// <summary>A supplier of its own for the test, with one key issued as the admin API issues them.</summary>
    private async Task<(string Name, string Key, string KeyId)> NewSupplierWithKeyAsync(long? expiresAt = null)
    {
        var name = $"cache-{Guid.NewGuid():N}"[..24];
        var key = $"nox_sk_{Guid.NewGuid():N}{Guid.NewGuid():N}";
        Assert.True((await Directory.CreateAsync(new NewSupplier(name, null, [TestSuppliers.AcmeRedirect], SupplierRateLimit.Default))).Succeeded);
        // A check an earlier test's clock move started may still run in real time, and the first request would join
        // it and find no key. Waiting for a check begun now leaves none under way when the key is issued.
        await fixture.Host.Services.GetRequiredService<SupplierCatalog>().RefreshAsync();
        var issued = await Directory.IssueApiKeyAsync(name, new NewApiKey(ApiKeyDigest.Of(key), key[..12], expiresAt));
        Assert.True(issued.Succeeded);
        // A second on: a key the catalog does not know then makes it check again (or join the timer's check).
        fixture.CatalogClock.Advance(SupplierCatalog.UnknownKeyRefreshInterval);
        return (name, key, issued.Key!.Id);
    }
}
