using System.Collections.Immutable;
using System.Net;
using Nox.Api.Suppliers;
using Nox.LinkSessions;
using Nox.Suppliers;
using Nox.Suppliers.Configuration;
using Nox.Testing;

namespace Nox.Api.Tests.Suppliers;

/// <summary>
/// How long a key change takes to reach an API instance, measured on the catalog's fake clock: a revoked
/// key answers 401 on the first request once its instance's copy is past its bound, however long the
/// instance was idle; a copy that cannot be reloaded is not used past that bound (503).
/// </summary>
public abstract class SupplierKeyCacheTests(FakeTimeApiFixture fixture)
{
    [Collection(SplitFakeTimeApiCollection.Name)]
    public sealed class Split(SplitFakeTimeApiFixture fixture) : SupplierKeyCacheTests(fixture);

    [Collection(CoHostedFakeTimeApiCollection.Name)]
    public sealed class CoHosted(CoHostedFakeTimeApiFixture fixture) : SupplierKeyCacheTests(fixture);

    private const string RotatedKey = "acme-rotated-key-0123456789abcdef";

    private static readonly TimeSpan Bound = FakeTimeApiFixture.CacheDuration + SupplierCatalog.Grace;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private static string AnyTokenPath => $"/v2/supplier/link-sessions/{LinkToken.Mint()}";

    [Theory]
    [InlineData(6.001)]
    [InlineData(3_600)]
    public async Task A_revoked_key_answers_401_on_the_first_request_after_idle_time_past_the_bound(double idleSeconds)
    {
        using var oldKey = fixture.CreateClient();
        using var newKey = fixture.CreateClient(RotatedKey);
        Assert.Equal(HttpStatusCode.NotFound, (await oldKey.GetAsync(AnyTokenPath)).StatusCode);

        await WithAcmeKeysAsync([SupplierOptions.HashApiKey(RotatedKey)], async () =>
        {
            fixture.CatalogClock.Advance(TimeSpan.FromSeconds(idleSeconds));

            await HttpAssert.ErrorAsync(await oldKey.GetAsync(AnyTokenPath), HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.NotFound, (await newKey.GetAsync(AnyTokenPath)).StatusCode);
        });
    }

    [Fact]
    public async Task A_key_added_to_a_supplier_works_on_its_first_request()
    {
        using var newKey = fixture.CreateClient(RotatedKey);
        using var oldKey = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await oldKey.GetAsync(AnyTokenPath)).StatusCode);

        await WithAcmeKeysAsync([SupplierOptions.HashApiKey(TestSuppliers.AcmeKey), SupplierOptions.HashApiKey(RotatedKey)], async () =>
        {
            fixture.CatalogClock.Advance(SupplierCatalog.UnknownKeyRefreshInterval);

            Assert.Equal(HttpStatusCode.NotFound, (await newKey.GetAsync(AnyTokenPath)).StatusCode);
        });
    }

    [Fact]
    public async Task While_the_supplier_list_cannot_be_loaded_keys_work_up_to_the_bound_then_answer_503_with_retry_after()
    {
        using var client = fixture.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
        fixture.CatalogClock.Advance(Bound + Tick);
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

        fixture.CatalogClock.Advance(SupplierCatalog.RetryInterval);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(AnyTokenPath)).StatusCode);
    }

    /// <summary>Gives acme <paramref name="digests"/> in the cluster for the duration of <paramref name="act"/>, then its configured key again.</summary>
    private async Task WithAcmeKeysAsync(ImmutableArray<string> digests, Func<Task> act)
    {
        var directory = fixture.Grains.GetGrain<ISupplierDirectoryGrain>(0);
        var original = await directory.GetSuppliersAsync();
        try
        {
            await directory.ApplyConfigurationAsync([.. original.Select(s => s.Name == "acme" ? s with { ApiKeySha256 = digests } : s)]);
            await act();
        }
        finally
        {
            await directory.ApplyConfigurationAsync(original);
            // The next test starts from a copy of the configured list.
            fixture.CatalogClock.Advance(Bound + Tick);
        }
    }
}
