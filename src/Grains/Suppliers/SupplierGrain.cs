using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Nox.Suppliers;

/// <summary>
/// One supplier: its configuration and every key it ever had, read from storage once per activation and
/// served from memory after that (suppliers are few and hot, so they keep the default collection age).
/// A change is answered only once it is stored; a failed write leaves the grain as storage is.
/// </summary>
public sealed class SupplierGrain(
    [PersistentState("supplier", GrainStorageNames.Suppliers)] IPersistentState<SupplierState> supplier,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    DeepCopier copier) : Grain, ISupplierGrain
{
    /// <summary>How long reported key use may wait in memory before it is stored (use is approximate; see docs/administration.md).</summary>
    public static readonly TimeSpan ApiKeyUseStoreDelay = TimeSpan.FromSeconds(60);

    private IGrainTimer? storeApiKeyUse;

    private SupplierState State => supplier.State;

    private string Name => this.GetPrimaryKeyString();

    private long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Configuration is { } legacy && State.Revision == 0)
        {
            // Written before the admin API: give the keys ids now, and store them, so every later call sees the same ids.
            await ChangeAsync(() => Migrate(legacy));
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (storeApiKeyUse is not null)
        {
            await StoreApiKeyUseAsync();
        }
    }

    public Task<SupplierConfiguration?> GetConfigurationAsync() => Task.FromResult(PublishedConfiguration());

    public Task<SupplierDetails?> GetDetailsAsync() => Task.FromResult(State.Exists ? Details() : null);

    public Task<ImmutableArray<ApiKeyDetails>?> GetApiKeysAsync() =>
        Task.FromResult<ImmutableArray<ApiKeyDetails>?>(State.Exists ? [.. State.ApiKeys.Select(k => k.ToDetails())] : null);

    public async Task<SupplierResult> CreateAsync(NewSupplier request)
    {
        if (State.DeletedAt is not null)
        {
            return new(SupplierAdminOutcome.SupplierDeleted);
        }

        if (State.Exists)
        {
            return new(SupplierAdminOutcome.SupplierExists, Details(), PublishedConfiguration());
        }

        await ChangeAsync(() =>
        {
            Create(SupplierSource.Api, request.DisplayName, request.AllowedRedirectUrls, request.RateLimit);
            // Every field of a supplier the admin API created is the admin's.
            State.SetByAdmin = SupplierFields.DisplayName | SupplierFields.AllowedRedirectUrls | SupplierFields.RateLimit;
            return true;
        });
        return Succeeded();
    }

    public async Task<SupplierResult> UpdateAsync(SupplierUpdate update)
    {
        if (!State.Exists)
        {
            return new(SupplierAdminOutcome.SupplierNotFound);
        }

        await ChangeAsync(() =>
        {
            var changed = false;
            if (update.SetsDisplayName)
            {
                changed |= Set(SupplierFields.DisplayName, !string.Equals(State.DisplayName, update.DisplayName, StringComparison.Ordinal));
                State.DisplayName = update.DisplayName;
            }

            if (update.AllowedRedirectUrls is { } urls)
            {
                changed |= Set(SupplierFields.AllowedRedirectUrls, !State.AllowedRedirectUrls.SequenceEqual(urls, StringComparer.Ordinal));
                State.AllowedRedirectUrls = [.. urls];
            }

            if (update.SetsRateLimit)
            {
                var rateLimit = new SupplierRateLimit(update.PermitsPerSecond ?? State.RateLimit.PermitsPerSecond, update.Burst ?? State.RateLimit.Burst);
                changed |= Set(SupplierFields.RateLimit, State.RateLimit != rateLimit);
                State.RateLimit = rateLimit;
            }

            return changed;
        });
        return Succeeded();
    }

    public async Task<SupplierResult> DeleteAsync()
    {
        if (!State.Exists)
        {
            return new(SupplierAdminOutcome.SupplierNotFound);
        }

        await ChangeAsync(() =>
        {
            var now = Now;
            State.DeletedAt = now;
            foreach (var key in State.ApiKeys.Where(k => k.RevokedAt is null))
            {
                key.RevokedAt = now;
            }

            return true;
        });
        return new(SupplierAdminOutcome.Succeeded);
    }

    public async Task<SupplierResult> ApplyConfigurationAsync(ConfiguredSupplier configuration)
    {
        if (!string.Equals(configuration.Name, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException("A supplier's name is its key.", nameof(configuration));
        }

        if (State.DeletedAt is not null)
        {
            // Deleted by an admin: configuration never brings it back.
            return new(SupplierAdminOutcome.SupplierNotFound);
        }

        await ChangeAsync(() => State.Exists ? Reconfigure(configuration) : CreateFromConfiguration(configuration));
        return Succeeded();
    }

    public async Task<ApiKeyResult> IssueApiKeyAsync(NewApiKey key)
    {
        if (!State.Exists)
        {
            return new(SupplierAdminOutcome.SupplierNotFound);
        }

        if (key.ExpiresAt is { } expiresAt && expiresAt <= Now)
        {
            return new(SupplierAdminOutcome.ExpiryNotInFuture);
        }

        ApiKeyRecord? issued = null;
        await ChangeAsync(() =>
        {
            issued = AddKey(key.Sha256, key.Prefix, key.ExpiresAt, SupplierSource.Api);
            return true;
        });
        return new(SupplierAdminOutcome.Succeeded, issued!.ToDetails(), PublishedConfiguration());
    }

    public async Task<ApiKeyResult> RotateApiKeyAsync(string keyId, NewApiKey replacement, long graceSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(graceSeconds);
        if (!State.Exists)
        {
            return new(SupplierAdminOutcome.SupplierNotFound);
        }

        var now = Now;
        var old = State.ApiKeys.Find(k => string.Equals(k.Id, keyId, StringComparison.Ordinal));
        if (old is null)
        {
            return new(SupplierAdminOutcome.KeyNotFound);
        }

        if (!old.WorksAt(now))
        {
            return new(SupplierAdminOutcome.KeyNotActive, old.ToDetails());
        }

        ApiKeyRecord? issued = null;
        await ChangeAsync(() =>
        {
            old.ExpiresAt = Math.Min(old.ExpiresAt ?? long.MaxValue, now + graceSeconds);
            issued = AddKey(replacement.Sha256, replacement.Prefix, replacement.ExpiresAt, SupplierSource.Api);
            return true;
        });
        return new(SupplierAdminOutcome.Succeeded, issued!.ToDetails(), PublishedConfiguration());
    }

    public async Task<ApiKeyResult> RevokeApiKeyAsync(string keyId)
    {
        if (!State.Exists)
        {
            return new(SupplierAdminOutcome.SupplierNotFound);
        }

        var key = State.ApiKeys.Find(k => string.Equals(k.Id, keyId, StringComparison.Ordinal));
        if (key is null)
        {
            return new(SupplierAdminOutcome.KeyNotFound);
        }

        await ChangeAsync(() =>
        {
            if (key.RevokedAt is not null)
            {
                return false;
            }

            key.RevokedAt = Now;
            return true;
        });
        return new(SupplierAdminOutcome.Succeeded, key.ToDetails(), PublishedConfiguration());
    }

    public Task RecordApiKeyUseAsync(ImmutableArray<ApiKeyUse> uses)
    {
        if (!State.Exists)
        {
            return Task.CompletedTask;
        }

        var changed = false;
        foreach (var use in uses)
        {
            var key = State.ApiKeys.Find(k => string.Equals(k.Id, use.KeyId, StringComparison.Ordinal));
            if (key is not null && (key.LastUsedAt is null || key.LastUsedAt < use.LastUsedAt))
            {
                key.LastUsedAt = use.LastUsedAt;
                changed = true;
            }
        }

        // Never a write per report: one write at most every ApiKeyUseStoreDelay, or with the next change.
        if (changed && storeApiKeyUse is null)
        {
            storeApiKeyUse = this.RegisterGrainTimer(StoreApiKeyUseAsync, new GrainTimerCreationOptions(ApiKeyUseStoreDelay, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    private async Task StoreApiKeyUseAsync()
    {
        storeApiKeyUse?.Dispose();
        storeApiKeyUse = null;
        try
        {
            await supplier.WriteStateAsync();
        }
        catch (Exception)
        {
            // Last use is approximate: a lost report is not worth an error; the next change stores it again.
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the state and stores it when it says it changed something. If the
    /// write fails, the state is put back as it was and the activation goes, so the next call reads storage.
    /// </summary>
    private async Task ChangeAsync(Func<bool> change)
    {
        var before = copier.Copy(State);
        if (!change())
        {
            return;
        }

        State.Revision++;
        try
        {
            await supplier.WriteStateAsync();
        }
        catch
        {
            supplier.State = before;
            DeactivateOnIdle();
            throw;
        }

        // Whatever key use was waiting went out with this write.
        storeApiKeyUse?.Dispose();
        storeApiKeyUse = null;
    }

    private bool Set(SupplierFields field, bool valueChanged)
    {
        var newlyTheAdmins = !State.SetByAdmin.HasFlag(field);
        State.SetByAdmin |= field;
        return valueChanged || newlyTheAdmins;
    }

    private void Create(SupplierSource source, string? displayName, ImmutableArray<string> allowedRedirectUrls, SupplierRateLimit rateLimit)
    {
        State.Source = source;
        State.CreatedAt = Now;
        State.DisplayName = displayName;
        State.AllowedRedirectUrls = [.. allowedRedirectUrls];
        State.RateLimit = rateLimit;
    }

    private bool CreateFromConfiguration(ConfiguredSupplier configuration)
    {
        Create(SupplierSource.Configuration, configuration.DisplayName, configuration.AllowedRedirectUrls, configuration.RateLimit);
        AddConfiguredKeys(configuration);
        return true;
    }

    /// <summary>Configuration sets only the fields no admin has set, and adds only digests the supplier never had.</summary>
    private bool Reconfigure(ConfiguredSupplier configuration)
    {
        var changed = false;
        if (!State.SetByAdmin.HasFlag(SupplierFields.DisplayName) && !string.Equals(State.DisplayName, configuration.DisplayName, StringComparison.Ordinal))
        {
            State.DisplayName = configuration.DisplayName;
            changed = true;
        }

        if (!State.SetByAdmin.HasFlag(SupplierFields.AllowedRedirectUrls) && !State.AllowedRedirectUrls.SequenceEqual(configuration.AllowedRedirectUrls, StringComparer.Ordinal))
        {
            State.AllowedRedirectUrls = [.. configuration.AllowedRedirectUrls];
            changed = true;
        }

        if (!State.SetByAdmin.HasFlag(SupplierFields.RateLimit) && State.RateLimit != configuration.RateLimit)
        {
            State.RateLimit = configuration.RateLimit;
            changed = true;
        }

        return AddConfiguredKeys(configuration) | changed;
    }

    private bool AddConfiguredKeys(ConfiguredSupplier configuration)
    {
        var added = false;
        foreach (var digest in configuration.ApiKeySha256)
        {
            if (!State.ApiKeys.Exists(k => string.Equals(k.Sha256, digest, StringComparison.Ordinal)))
            {
                AddKey(digest, prefix: null, expiresAt: null, SupplierSource.Configuration);
                added = true;
            }
        }

        return added;
    }

    private bool Migrate(SupplierConfiguration legacy)
    {
        Create(SupplierSource.Configuration, displayName: null, legacy.AllowedRedirectUrls, SupplierRateLimit.Default);
        foreach (var digest in legacy.ApiKeySha256.Distinct(StringComparer.Ordinal))
        {
            AddKey(digest, prefix: null, expiresAt: null, SupplierSource.Configuration);
        }

        State.Configuration = null;
        return true;
    }

    private ApiKeyRecord AddKey(string sha256, string? prefix, long? expiresAt, SupplierSource source)
    {
        if (State.ApiKeys.Exists(k => string.Equals(k.Sha256, sha256, StringComparison.Ordinal)))
        {
            throw new ArgumentException("The supplier already has (or had) this key.", nameof(sha256));
        }

        var key = new ApiKeyRecord
        {
            Id = NewKeyId(),
            Sha256 = sha256,
            Prefix = prefix,
            CreatedAt = Now,
            ExpiresAt = expiresAt,
            Source = source,
        };
        State.ApiKeys.Add(key);
        return key;
    }

    /// <summary><c>key_</c> and 96 random bits: unguessable enough for an id, never a credential.</summary>
    private static string NewKeyId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return "key_" + Base64Url.EncodeToString(bytes);
    }

    private SupplierResult Succeeded() => new(SupplierAdminOutcome.Succeeded, Details(), PublishedConfiguration());

    private SupplierDetails Details() => new(Name, State.DisplayName, [.. State.AllowedRedirectUrls], State.RateLimit, State.CreatedAt, State.Source);

    /// <summary>What API instances get: the keys that work now or until their expiry; nothing for a supplier that does not exist.</summary>
    private SupplierConfiguration? PublishedConfiguration()
    {
        if (!State.Exists)
        {
            return null;
        }

        var now = Now;
        return SupplierConfiguration.Create(
            Name,
            [.. State.ApiKeys.Where(k => k.WorksAt(now)).Select(k => new SupplierApiKey(k.Id, k.Sha256, k.ExpiresAt))],
            [.. State.AllowedRedirectUrls],
            State.RateLimit,
            State.DisplayName);
    }
}
