using Nox.Suppliers;
using StackExchange.Redis;

namespace Nox.Grains.Tests.Suppliers;

/// <summary>
/// A supplier's life through the directory, as the admin API drives it, on the fake domain clock: create,
/// change, delete (a tombstone); keys issued, expiring, rotated with a grace period, revoked for good; and what
/// the directory publishes to API instances at each step.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SupplierAdministrationTests(ClusterFixture fixture)
{
    private static readonly SupplierRateLimit Limit = new(50, 100);

    private ISupplierDirectoryGrain Directory => fixture.Client.GetGrain<ISupplierDirectoryGrain>(0);

    private long Now => fixture.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task A_created_supplier_is_listed_published_and_its_name_taken()
    {
        var name = NewName();

        var created = await Directory.CreateAsync(new NewSupplier(name, "Acme Energy", ["https://a.example/return"], Limit));

        Assert.Equal(SupplierAdminOutcome.Succeeded, created.Outcome);
        Assert.Equal((name, "Acme Energy", Limit, Now, SupplierSource.Api), (created.Supplier!.Name, created.Supplier.DisplayName, created.Supplier.RateLimit, created.Supplier.CreatedAt, created.Supplier.Source));
        Assert.Contains(await Directory.ListAsync(), s => s.Name == name);
        var published = await PublishedAsync(name);
        Assert.Equal(["https://a.example/return"], published!.AllowedRedirectUrls.ToArray());
        Assert.Equal(Limit, published.RateLimit);
        Assert.Empty(published.ApiKeys);
        Assert.Equal(SupplierAdminOutcome.SupplierExists, (await Directory.CreateAsync(new NewSupplier(name, null, [], SupplierRateLimit.Default))).Outcome);
    }

    [Fact]
    public async Task An_update_changes_the_members_given_and_keeps_the_others()
    {
        var name = await NewSupplierAsync();

        var renamed = await Directory.UpdateAsync(name, new SupplierUpdate { SetsDisplayName = true, DisplayName = "Renamed", Burst = 7 });
        var cleared = await Directory.UpdateAsync(name, new SupplierUpdate { SetsDisplayName = true, DisplayName = null, AllowedRedirectUrls = ["https://b.example/"] });

        Assert.Equal(("Renamed", new SupplierRateLimit(Limit.PermitsPerSecond, 7)), (renamed.Supplier!.DisplayName, renamed.Supplier.RateLimit));
        Assert.Null(cleared.Supplier!.DisplayName);
        Assert.Equal(["https://b.example/"], cleared.Supplier.AllowedRedirectUrls.ToArray());
        Assert.Equal(new SupplierRateLimit(Limit.PermitsPerSecond, 7), (await PublishedAsync(name))!.RateLimit);
        Assert.Equal(["https://b.example/"], (await PublishedAsync(name))!.AllowedRedirectUrls.ToArray());
    }

    [Fact]
    public async Task Every_command_on_a_supplier_that_does_not_exist_answers_not_found()
    {
        var name = NewName();
        var key = NewKey();

        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.UpdateAsync(name, new SupplierUpdate { Burst = 1 })).Outcome);
        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.DeleteAsync(name)).Outcome);
        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.IssueApiKeyAsync(name, key)).Outcome);
        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.RotateApiKeyAsync(name, "key_x", key, 60)).Outcome);
        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.RevokeApiKeyAsync(name, "key_x")).Outcome);
        Assert.Null(await Grain(name).GetDetailsAsync());
        Assert.Null(await Grain(name).GetApiKeysAsync());
        Assert.DoesNotContain(await Directory.ListAsync(), s => s.Name == name);
    }

    [Fact]
    public async Task Deleting_a_supplier_revokes_every_key_unpublishes_it_and_keeps_its_name_from_being_used_again()
    {
        var name = await NewSupplierAsync();
        Assert.True((await Directory.IssueApiKeyAsync(name, NewKey())).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(SupplierAdminOutcome.Succeeded, (await Directory.DeleteAsync(name)).Outcome);

        Assert.Null(await PublishedAsync(name));
        Assert.DoesNotContain(await Directory.ListAsync(), s => s.Name == name);
        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.DeleteAsync(name)).Outcome);
        Assert.Equal(SupplierAdminOutcome.SupplierDeleted, (await Directory.CreateAsync(new NewSupplier(name, null, [], Limit))).Outcome);
        Assert.Equal(SupplierAdminOutcome.SupplierNotFound, (await Directory.IssueApiKeyAsync(name, NewKey())).Outcome);
        Assert.Null(await Grain(name).GetConfigurationAsync());
        Assert.Null(await Grain(name).GetApiKeysAsync());
    }

    [Fact]
    public async Task An_issued_key_is_published_by_digest_and_listed_by_prefix()
    {
        var name = await NewSupplierAsync();
        var key = NewKey(expiresAt: Now + 3_600);

        var issued = await Directory.IssueApiKeyAsync(name, key);

        Assert.Equal(SupplierAdminOutcome.Succeeded, issued.Outcome);
        Assert.StartsWith("key_", issued.Key!.Id, StringComparison.Ordinal);
        Assert.Equal((key.Prefix, Now, Now + 3_600, (long?)null, (long?)null), (issued.Key.Prefix, issued.Key.CreatedAt, issued.Key.ExpiresAt, issued.Key.RevokedAt, issued.Key.LastUsedAt));
        Assert.Equal(new SupplierApiKey(issued.Key.Id, key.Sha256, Now + 3_600), Assert.Single((await PublishedAsync(name))!.ApiKeys));
        Assert.Equal(issued.Key, Assert.Single((await Grain(name).GetApiKeysAsync())!.Value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_key_cannot_be_issued_to_expire_now_or_before(long fromNow)
    {
        var name = await NewSupplierAsync();

        var issued = await Directory.IssueApiKeyAsync(name, NewKey(expiresAt: Now + fromNow));

        Assert.Equal(SupplierAdminOutcome.ExpiryNotInFuture, issued.Outcome);
        Assert.Empty((await Grain(name).GetApiKeysAsync())!.Value);
    }

    [Fact]
    public async Task A_key_stops_being_published_at_its_expiry()
    {
        var name = await NewSupplierAsync();
        await Directory.IssueApiKeyAsync(name, NewKey(expiresAt: Now + 60));

        fixture.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Single((await Grain(name).GetConfigurationAsync())!.ApiKeys);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await Grain(name).GetConfigurationAsync())!.ApiKeys);
    }

    [Fact]
    public async Task Rotating_a_key_issues_a_new_one_and_the_old_one_works_until_the_end_of_the_grace_period()
    {
        var name = await NewSupplierAsync();
        var old = (await Directory.IssueApiKeyAsync(name, NewKey())).Key!;
        var replacement = NewKey();

        var rotated = await Directory.RotateApiKeyAsync(name, old.Id, replacement, graceSeconds: 3_600);

        Assert.Equal(SupplierAdminOutcome.Succeeded, rotated.Outcome);
        Assert.NotEqual(old.Id, rotated.Key!.Id);
        Assert.Null(rotated.Key.ExpiresAt);
        var keys = (await PublishedAsync(name))!.ApiKeys;
        Assert.Equal(Now + 3_600, keys.Single(k => k.Id == old.Id).ExpiresAt);
        Assert.Equal(replacement.Sha256, keys.Single(k => k.Id == rotated.Key.Id).Sha256);

        fixture.Clock.Advance(TimeSpan.FromSeconds(3_599));
        Assert.Equal(2, (await Grain(name).GetConfigurationAsync())!.ApiKeys.Length);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([rotated.Key.Id], (await Grain(name).GetConfigurationAsync())!.ApiKeys.Select(k => k.Id));
        Assert.Equal(SupplierAdminOutcome.KeyNotActive, (await Directory.RotateApiKeyAsync(name, old.Id, NewKey(), 60)).Outcome);
    }

    [Fact]
    public async Task Rotating_never_extends_an_earlier_expiry_and_a_grace_of_zero_ends_the_old_key_at_once()
    {
        var name = await NewSupplierAsync();
        var expiring = (await Directory.IssueApiKeyAsync(name, NewKey(expiresAt: Now + 10))).Key!;
        var other = (await Directory.IssueApiKeyAsync(name, NewKey())).Key!;

        var first = await Directory.RotateApiKeyAsync(name, expiring.Id, NewKey(), graceSeconds: 3_600);
        var second = await Directory.RotateApiKeyAsync(name, other.Id, NewKey(), graceSeconds: 0);

        var keys = (await Grain(name).GetApiKeysAsync())!.Value;
        Assert.Equal(Now + 10, keys.Single(k => k.Id == expiring.Id).ExpiresAt);
        Assert.Equal(Now, keys.Single(k => k.Id == other.Id).ExpiresAt);
        Assert.Equal(
            new[] { expiring.Id, first.Key!.Id, second.Key!.Id }.Order(),
            (await PublishedAsync(name))!.ApiKeys.Select(k => k.Id).Order());
    }

    [Fact]
    public async Task A_revoked_key_is_unpublished_for_good_and_can_be_neither_rotated_nor_revived()
    {
        var name = await NewSupplierAsync();
        var key = NewKey();
        var issued = (await Directory.IssueApiKeyAsync(name, key)).Key!;

        var revoked = await Directory.RevokeApiKeyAsync(name, issued.Id);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var again = await Directory.RevokeApiKeyAsync(name, issued.Id);

        Assert.Equal(SupplierAdminOutcome.Succeeded, revoked.Outcome);
        Assert.Equal(revoked.Key!.RevokedAt, again.Key!.RevokedAt);
        Assert.Empty((await PublishedAsync(name))!.ApiKeys);
        Assert.Equal(SupplierAdminOutcome.KeyNotActive, (await Directory.RotateApiKeyAsync(name, issued.Id, NewKey(), 60)).Outcome);
        await Assert.ThrowsAnyAsync<Exception>(() => Directory.IssueApiKeyAsync(name, key));
        Assert.Empty((await PublishedAsync(name))!.ApiKeys);
    }

    [Fact]
    public async Task Commands_on_a_key_the_supplier_does_not_have_answer_key_not_found()
    {
        var name = await NewSupplierAsync();

        Assert.Equal(SupplierAdminOutcome.KeyNotFound, (await Directory.RotateApiKeyAsync(name, "key_unknown", NewKey(), 60)).Outcome);
        Assert.Equal(SupplierAdminOutcome.KeyNotFound, (await Directory.RevokeApiKeyAsync(name, "key_unknown")).Outcome);
    }

    [Fact]
    public async Task The_directory_version_moves_with_every_change_and_stays_otherwise()
    {
        var name = await NewSupplierAsync();
        var version = (await Directory.GetSuppliersIfChangedAsync(0))!.Version;
        Assert.Null(await Directory.GetSuppliersIfChangedAsync(version));

        await Directory.IssueApiKeyAsync(name, NewKey());

        var changed = await Directory.GetSuppliersIfChangedAsync(version);
        Assert.NotNull(changed);
        Assert.NotEqual(version, changed.Version);
        Assert.Single(changed.Suppliers.Single(s => s.Name == name).ApiKeys);
    }

    [Fact]
    public async Task A_command_whose_write_fails_leaves_the_supplier_as_stored_and_unconfirmed_until_the_directory_reads_it_again()
    {
        var name = await NewSupplierAsync();
        var issued = (await Directory.IssueApiKeyAsync(name, NewKey())).Key!;
        fixture.Faults.Storage.FailNextWrite(Grain(name).GetGrainId(), new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "down", null, CommandStatus.Unknown));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Directory.RevokeApiKeyAsync(name, issued.Id));
        Assert.IsType<StorageUnavailableException>(failure.GetBaseException());

        Assert.Contains(name, (await Directory.GetSuppliersIfChangedAsync(0))!.Unconfirmed);
        var confirmed = await WaitForAsync(async () => await Directory.GetSuppliersIfChangedAsync(0) is { } s && !s.Unconfirmed.Contains(name));
        Assert.True(confirmed, "the directory did not read the supplier again");
        Assert.Null((await Grain(name).GetApiKeysAsync())!.Value.Single().RevokedAt);
        Assert.Single((await PublishedAsync(name))!.ApiKeys);
    }

    private static string NewName() => $"admin-{Guid.NewGuid():N}"[..24];

    private static NewApiKey NewKey(long? expiresAt = null)
    {
        var key = $"nox_sk_{Guid.NewGuid():N}{Guid.NewGuid():N}";
        return new NewApiKey(ApiKeyDigest.Of(key), key[..12], expiresAt);
    }

    private async Task<string> NewSupplierAsync()
    {
        var name = NewName();
        Assert.True((await Directory.CreateAsync(new NewSupplier(name, null, ["https://a.example/return"], Limit))).Succeeded);
        return name;
    }

    private ISupplierGrain Grain(string name) => fixture.Client.GetGrain<ISupplierGrain>(name);

    private async Task<SupplierConfiguration?> PublishedAsync(string name) =>
        (await Directory.GetSuppliersAsync()).SingleOrDefault(s => s.Name == name);

    /// <summary>Polls the condition (the directory rereads on a real-time timer) for up to ten seconds.</summary>
    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
