using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Nox.Suppliers;

/// <summary>
/// The suppliers (a single grain, key 0): it knows their names and publishes their configurations to API
/// instances at a version number, so an instance checks for changes with one cheap call a second. Every
/// command that changes what API instances see goes through it, so the version moves before the command
/// is answered.
/// </summary>
[Alias("nox.ISupplierDirectoryGrain")]
public interface ISupplierDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Every supplier's configuration, or null when the directory is still at <paramref name="knownVersion"/>.
    /// Answered between the steps of a command (a command takes effect when it is answered), so a slow
    /// command never holds up API instances' checks.
    /// </summary>
    [AlwaysInterleave]
    [Alias("GetSuppliersIfChanged")]
    Task<SupplierDirectorySnapshot?> GetSuppliersIfChangedAsync(long knownVersion);

    [Alias("GetSuppliers")]
    Task<ImmutableArray<SupplierConfiguration>> GetSuppliersAsync();

    /// <summary>Every supplier as the admin API lists it, by name.</summary>
    [Alias("List")]
    Task<ImmutableArray<SupplierDetails>> ListAsync();

    [Alias("Create")]
    Task<SupplierResult> CreateAsync(NewSupplier supplier);

    [Alias("Update")]
    Task<SupplierResult> UpdateAsync(string name, SupplierUpdate update);

    [Alias("Delete")]
    Task<SupplierResult> DeleteAsync(string name);

    [Alias("IssueApiKey")]
    Task<ApiKeyResult> IssueApiKeyAsync(string name, NewApiKey key);

    [Alias("RotateApiKey")]
    Task<ApiKeyResult> RotateApiKeyAsync(string name, string keyId, NewApiKey replacement, long graceSeconds);

    [Alias("RevokeApiKey")]
    Task<ApiKeyResult> RevokeApiKeyAsync(string name, string keyId);

    /// <summary>
    /// Applies a silo's supplier configuration (see <see cref="ISupplierGrain.ApplyConfigurationAsync"/>):
    /// additive and idempotent, so every silo calls it at start-up.
    /// </summary>
    [Alias("ApplyConfiguration")]
    Task ApplyConfigurationAsync(ImmutableArray<ConfiguredSupplier> suppliers);
}
