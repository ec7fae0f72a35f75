using System.Collections.Immutable;

namespace Nox.Suppliers;

/// <summary>
/// One supplier, keyed by its name: the owner of its configuration and of every key it ever had. Revoked
/// and expired keys stay as records, so nothing (configuration included) ever makes them work again, and a
/// deleted supplier stays as a tombstone. Commands that change what API instances see go through
/// <see cref="ISupplierDirectoryGrain"/>, which publishes the result.
/// </summary>
[Alias("nox.ISupplierGrain")]
public interface ISupplierGrain : IGrainWithStringKey
{
    /// <summary>What API instances get for this supplier; null when it does not exist or was deleted.</summary>
    [Alias("GetConfiguration")]
    Task<SupplierConfiguration?> GetConfigurationAsync();

    /// <summary>The supplier as the admin API shows it; null when it does not exist or was deleted.</summary>
    [Alias("GetDetails")]
    Task<SupplierDetails?> GetDetailsAsync();

    /// <summary>Every key the supplier has had, oldest first; null when the supplier does not exist or was deleted.</summary>
    [Alias("GetApiKeys")]
    Task<ImmutableArray<ApiKeyDetails>?> GetApiKeysAsync();

    [Alias("Create")]
    Task<SupplierResult> CreateAsync(NewSupplier supplier);

    [Alias("Update")]
    Task<SupplierResult> UpdateAsync(SupplierUpdate update);

    /// <summary>Deletes the supplier: every key is revoked, and the name stays taken.</summary>
    [Alias("Delete")]
    Task<SupplierResult> DeleteAsync();

    /// <summary>
    /// Applies a silo's configuration: creates the supplier when it never existed, adds key digests it never
    /// had, and sets the fields no admin has set; never revokes, removes or undoes anything.
    /// </summary>
    [Alias("ApplyConfiguration")]
    Task<SupplierResult> ApplyConfigurationAsync(ConfiguredSupplier configuration);

    [Alias("IssueApiKey")]
    Task<ApiKeyResult> IssueApiKeyAsync(NewApiKey key);

    /// <summary>Issues <paramref name="replacement"/> and lets key <paramref name="keyId"/> work only <paramref name="graceSeconds"/> more.</summary>
    [Alias("RotateApiKey")]
    Task<ApiKeyResult> RotateApiKeyAsync(string keyId, NewApiKey replacement, long graceSeconds);

    /// <summary>Revokes the key for good; revoking it again changes nothing.</summary>
    [Alias("RevokeApiKey")]
    Task<ApiKeyResult> RevokeApiKeyAsync(string keyId);

    /// <summary>When keys were last used, as an API instance saw it; kept in memory and stored lazily.</summary>
    [Alias("RecordApiKeyUse")]
    Task RecordApiKeyUseAsync(ImmutableArray<ApiKeyUse> uses);
}
