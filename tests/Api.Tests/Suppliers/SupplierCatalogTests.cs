using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nox.Api.Suppliers;
using Nox.Api.Tests.Fakes;
using Nox.Suppliers;

namespace Nox.Api.Tests.Suppliers;

/// <summary>
/// The catalog alone, on a fake clock and a fake supplier directory: how old a copy of the supplier list a
/// request may be answered from, how often the cluster is asked, and what a key is worth in it.
/// </summary>
public sealed class SupplierCatalogTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private const string AcmeKey = "acme-catalog-key-0123456789abcdef";
    private const string RotatedKey = "acme-catalog-rotated-key-0123456789";

    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly FakeSupplierDirectory directory = new() { Suppliers = [Acme(AcmeKey)] };
    private readonly SupplierCatalog catalog;

    public SupplierCatalogTests() => catalog = new SupplierCatalog(
        new FakeCluster().With<ISupplierDirectoryGrain>(directory),
        time,
        Options.Create(new NoxApiOptions { SupplierCacheDuration = Bound }),
        NullLogger<SupplierCatalog>.Instance);

    public void Dispose() => catalog.Dispose();

    [Fact]
    public async Task Known_keys_resolve_from_one_load_of_the_list()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Supplier.Name);
        }

        Assert.Null(await catalog.FindByApiKeyAsync("acme-catalog-unknown-key-0123456789"));
        Assert.Equal(1, directory.Calls);
    }

    [Fact]
    public async Task A_key_resolves_to_its_supplier_and_its_id()
    {
        var found = await catalog.FindByApiKeyAsync(AcmeKey);

        Assert.Equal("acme", found?.Supplier.Name);
        Assert.Equal(KeyId(AcmeKey), found?.KeyId);
    }

    [Fact]
    public async Task The_list_is_checked_every_second_while_no_request_comes_and_reloaded_only_when_it_changed()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);

        time.Advance(SupplierCatalog.CheckInterval - Tick);
        Assert.Equal(1, directory.Calls);
        time.Advance(Tick);
        Assert.Equal(2, directory.Calls);
        time.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal(3, directory.Calls);
        Assert.Equal(1, directory.Reloads);

        directory.Suppliers = [Acme(RotatedKey)];
        time.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal(2, directory.Reloads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(86_400)]
    public async Task A_revoked_key_answers_401_on_the_first_request_after_any_idle_time_of_a_check(double idleSeconds)
    {
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Supplier.Name);
        directory.Suppliers = [Acme(RotatedKey)];

        time.Advance(TimeSpan.FromSeconds(idleSeconds));

        Assert.Null(await catalog.FindByApiKeyAsync(AcmeKey));
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(RotatedKey))?.Supplier.Name);
    }

    [Fact]
    public async Task An_expired_key_is_unknown_at_its_expiry_by_the_instance_clock_without_a_check()
    {
        var expiresAt = time.GetUtcNow().ToUnixTimeSeconds() + 3;
        directory.Suppliers = [Acme(AcmeKey) with { ApiKeys = [new SupplierApiKey(KeyId(AcmeKey), ApiKeyDigest.Of(AcmeKey), expiresAt)] }];
        Assert.NotNull(await catalog.FindByApiKeyAsync(AcmeKey));

        time.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.NotNull(await catalog.FindByApiKeyAsync(AcmeKey));
        directory.Failure = new StorageUnavailableException();
        time.Advance(Tick);

        // The directory still lists the key, and checks fail: the expiry alone decides.
        Assert.Null(await catalog.FindByApiKeyAsync(AcmeKey));
    }

    [Fact]
    public async Task While_checks_fail_the_last_copy_is_used_up_to_its_bound_and_then_requests_answer_503_until_a_check_works()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Failure = new StorageUnavailableException();

        time.Advance(Bound);
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Supplier.Name);

        time.Advance(Tick);
        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(AcmeKey).AsTask());
        time.Advance(TimeSpan.FromMinutes(10));
        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(AcmeKey).AsTask());

        directory.Failure = null;
        time.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Supplier.Name);
    }

    [Fact]
    public async Task A_request_past_the_bound_waits_for_the_check_under_way_and_is_answered_from_it()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Hold();
        directory.Suppliers = [Acme(RotatedKey)];
        time.Advance(Bound + Tick);

        var request = catalog.FindByApiKeyAsync(AcmeKey).AsTask();
        Assert.False(request.IsCompleted, "a request past the bound was answered from the old copy");
        directory.Release();

        Assert.Null(await request.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_request_past_the_bound_waits_for_a_check_that_does_not_answer_no_longer_than_the_stale_wait_and_answers_503()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Hold();
        time.Advance(Bound + Tick);

        var request = catalog.FindByApiKeyAsync(AcmeKey).AsTask();
        time.Advance(SupplierCatalog.StaleWait - Tick);
        Assert.False(request.IsCompleted);
        time.Advance(Tick);

        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => request.WaitAsync(TimeSpan.FromSeconds(10)));
        directory.Release();
    }

    [Fact]
    public async Task A_key_added_to_the_list_works_within_a_second()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Suppliers = [Acme(AcmeKey, RotatedKey)];

        time.Advance(SupplierCatalog.UnknownKeyRefreshInterval);

        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(RotatedKey))?.Supplier.Name);
    }

    [Fact]
    public async Task A_refresh_waits_for_a_check_that_started_after_it_also_when_one_was_under_way()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Hold();
        time.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal(2, directory.Calls);

        // A change made while a check that started before it is still out.
        time.Advance(Tick);
        directory.Suppliers = [Acme(RotatedKey)];
        var refresh = catalog.RefreshAsync();
        directory.Release();
        await refresh.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, directory.Calls);
        Assert.Null(await catalog.FindByApiKeyAsync(AcmeKey));
        Assert.NotNull(await catalog.FindByApiKeyAsync(RotatedKey));
    }

    [Fact]
    public async Task A_key_of_an_unconfirmed_supplier_answers_503_until_the_directory_confirms_it()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);

        directory.Unconfirmed = ["acme"];
        time.Advance(SupplierCatalog.CheckInterval);
        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(AcmeKey).AsTask());

        directory.Unconfirmed = [];
        time.Advance(SupplierCatalog.CheckInterval);
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Supplier.Name);
    }

    [Fact]
    public async Task An_unconfirmed_supplier_the_directory_has_no_configuration_for_keeps_the_one_this_instance_had()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);

        directory.Suppliers = [];
        directory.Unconfirmed = ["acme"];
        time.Advance(SupplierCatalog.CheckInterval);

        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(AcmeKey).AsTask());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_600)]
    public async Task Unknown_keys_add_at_most_one_check_a_second_also_after_idle_time(int idleSeconds)
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        time.Advance(TimeSpan.FromSeconds(idleSeconds) + SupplierCatalog.UnknownKeyRefreshInterval);
        var before = directory.Calls;

        // Ten seconds of unknown keys, 50 a second, some at the same instant.
        for (var step = 0; step < 100; step++)
        {
            var burst = Enumerable.Range(0, 5).Select(i => catalog.FindByApiKeyAsync($"wrong-key-{step}-{i}-0123456789abcdef").AsTask());
            Assert.All(await Task.WhenAll(burst), Assert.Null);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // The timer's ten, and at most one more a second for the unknown keys.
        Assert.InRange(directory.Calls - before, 10, 20);
    }

    [Fact]
    public async Task While_checks_fail_the_cluster_is_asked_once_a_second_whatever_the_traffic()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Failure = new StorageUnavailableException();
        time.Advance(Bound + Tick);
        var before = directory.Calls;

        for (var step = 0; step < 100; step++)
        {
            foreach (var key in new[] { AcmeKey, "wrong-key-0123456789abcdef-0000", "wrong-key-0123456789abcdef-0001" })
            {
                await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(key).AsTask());
            }

            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // Ten seconds: the timer's retries, one a second.
        Assert.InRange(directory.Calls - before, 9, 11);
    }

    private static string KeyId(string key) => "key_" + ApiKeyDigest.Of(key)[..8];

    private static SupplierConfiguration Acme(params string[] keys) => SupplierConfiguration.Create(
        "acme",
        [.. keys.Select(k => new SupplierApiKey(KeyId(k), ApiKeyDigest.Of(k), ExpiresAt: null))],
        ["https://acme.example/return"],
        SupplierRateLimit.Default);
}
