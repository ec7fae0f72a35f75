using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nox.Api.Suppliers;
using Nox.Api.Tests.Fakes;
using Nox.Suppliers;
using Nox.Suppliers.Configuration;

namespace Nox.Api.Tests.Suppliers;

/// <summary>
/// The catalog alone, on a fake clock and a fake supplier directory: how old a copy of the supplier list
/// a request may be answered from, and how often the cluster is asked for a new one.
/// </summary>
public sealed class SupplierCatalogTests : IDisposable
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Bound = CacheDuration + SupplierCatalog.Grace;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private const string AcmeKey = "acme-catalog-key-0123456789abcdef";
    private const string RotatedKey = "acme-catalog-rotated-key-0123456789";

    private readonly FakeTimeProvider time = new();
    private readonly FakeSupplierDirectory directory = new() { Suppliers = [Acme(AcmeKey)] };
    private readonly SupplierCatalog catalog;

    public SupplierCatalogTests() => catalog = new SupplierCatalog(
        new FakeCluster().With<ISupplierDirectoryGrain>(directory),
        time,
        Options.Create(new NoxApiOptions { SupplierCacheDuration = CacheDuration }),
        NullLogger<SupplierCatalog>.Instance);

    public void Dispose() => catalog.Dispose();

    [Fact]
    public async Task Known_keys_resolve_from_one_load_of_the_list()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Name);
        }

        Assert.Null(await catalog.FindByApiKeyAsync("acme-catalog-unknown-key-0123456789"));
        Assert.Equal(1, directory.Calls);
    }

    [Fact]
    public async Task The_list_is_reloaded_on_a_timer_while_no_request_comes()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);

        time.Advance(CacheDuration - Tick);
        Assert.Equal(1, directory.Calls);
        time.Advance(Tick);
        Assert.Equal(2, directory.Calls);
        time.Advance(CacheDuration);
        Assert.Equal(3, directory.Calls);
    }

    [Theory]
    [InlineData(6.001)]
    [InlineData(60)]
    [InlineData(86_400)]
    public async Task A_revoked_key_answers_401_on_the_first_request_after_any_idle_time_past_the_bound(double idleSeconds)
    {
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Name);
        directory.Suppliers = [Acme(RotatedKey)];

        time.Advance(TimeSpan.FromSeconds(idleSeconds));

        Assert.Null(await catalog.FindByApiKeyAsync(AcmeKey));
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(RotatedKey))?.Name);
    }

    [Fact]
    public async Task While_loads_fail_the_last_copy_is_used_up_to_its_bound_and_then_requests_answer_503_until_a_load_works()
    {
        await catalog.FindByApiKeyAsync(AcmeKey);
        directory.Failure = new StorageUnavailableException();

        time.Advance(Bound);
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Name);

        time.Advance(Tick);
        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(AcmeKey).AsTask());
        time.Advance(TimeSpan.FromMinutes(10));
        await Assert.ThrowsAsync<SupplierListUnavailableException>(() => catalog.FindByApiKeyAsync(AcmeKey).AsTask());

        directory.Failure = null;
        time.Advance(SupplierCatalog.RetryInterval);
        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(AcmeKey))?.Name);
    }

    [Fact]
    public async Task A_request_past_the_bound_waits_for_the_load_under_way_and_is_answered_from_it()
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
    public async Task A_request_past_the_bound_waits_for_a_load_that_does_not_answer_no_longer_than_the_stale_wait_and_answers_503()
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

        Assert.Equal("acme", (await catalog.FindByApiKeyAsync(RotatedKey))?.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_600)]
    public async Task Unknown_keys_reload_the_list_at_most_once_a_second_also_after_idle_time(int idleSeconds)
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

        // At most one load per started second for the unknown keys, plus the timer's two (every 5 s).
        Assert.InRange(directory.Calls - before, 1, 10 + 2);
    }

    [Fact]
    public async Task While_loads_fail_the_cluster_is_asked_once_a_second_whatever_the_traffic()
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

    private static SupplierConfiguration Acme(params string[] keys) =>
        new("acme", [.. keys.Select(SupplierOptions.HashApiKey)], ["https://acme.example/return"]);
}
