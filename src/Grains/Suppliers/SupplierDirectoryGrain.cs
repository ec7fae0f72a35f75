using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Nox.Suppliers;

/// <summary>
/// The suppliers' names, and the configuration API instances get for each, published at a version number.
/// Each supplier's grain owns its configuration; every command that changes one comes through here, so the
/// published copy and the version move before the command is answered. An API instance asks once a second
/// whether the version moved (<see cref="GetSuppliersIfChangedAsync"/>): one small call, answered from memory.
/// </summary>
/// <remarks>
/// The published copy is built when the grain activates, by reading every named supplier's grain; the version
/// then starts from a random number, so no API instance mistakes it for one it has seen. A supplier whose grain
/// failed a command (which may or may not have changed it) or a read is unconfirmed until a timer has read it
/// again: API instances answer its keys with 503 meanwhile, rather than trust a copy that may be stale.
/// Supplier grains never call the directory, so a read from here can never wait on a call to here.
/// </remarks>
public sealed partial class SupplierDirectoryGrain(
    [PersistentState("directory", GrainStorageNames.Suppliers)] IPersistentState<SupplierDirectoryState> directory,
    ILogger<SupplierDirectoryGrain> logger)
    : Grain, ISupplierDirectoryGrain
{
    /// <summary>How often unconfirmed suppliers are read again.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, SupplierConfiguration> published = new(StringComparer.Ordinal);

    /// <summary>Suppliers whose grain did not answer; <see cref="published"/> keeps their last known configuration.</summary>
    private readonly SortedSet<string> unconfirmed = new(StringComparer.Ordinal);

    // Random, far from 0 (what an API instance that knows no version sends) and from overflow.
    private long version = Random.Shared.NextInt64(1, long.MaxValue / 2);
    private SupplierDirectorySnapshot? snapshot;
    private IGrainTimer? recheck;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(directory.State.Names.Select(ReadAsync));

    public Task<SupplierDirectorySnapshot?> GetSuppliersIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == version ? null : Snapshot());

    public Task<ImmutableArray<SupplierConfiguration>> GetSuppliersAsync() => Task.FromResult(Snapshot().Suppliers);

    public async Task<ImmutableArray<SupplierDetails>> ListAsync()
    {
        var suppliers = await Task.WhenAll(directory.State.Names.Select(name => Supplier(name).GetDetailsAsync()));
        return [.. suppliers.OfType<SupplierDetails>()];
    }

    public async Task<SupplierResult> CreateAsync(NewSupplier supplier)
    {
        // The name first: a name without a supplier is harmless, a supplier the directory does not know is lost.
        await NameAsync([supplier.Name]);
        return await CommandAsync(supplier.Name, g => g.CreateAsync(supplier));
    }

    public Task<SupplierResult> UpdateAsync(string name, SupplierUpdate update) =>
        CommandAsync(name, g => g.UpdateAsync(update));

    public async Task<SupplierResult> DeleteAsync(string name)
    {
        var result = await CommandAsync(name, g => g.DeleteAsync());
        if (result.Succeeded && directory.State.Names.Remove(name))
        {
            try
            {
                await directory.WriteStateAsync();
            }
            catch (Exception exception)
            {
                // The supplier is deleted and no longer published; a name left over is harmless.
                directory.State.Names.Add(name);
                LogNameNotRemoved(exception.GetType().Name);
            }
        }

        return result;
    }

    public Task<ApiKeyResult> IssueApiKeyAsync(string name, NewApiKey key) =>
        CommandAsync(name, g => g.IssueApiKeyAsync(key));

    public Task<ApiKeyResult> RotateApiKeyAsync(string name, string keyId, NewApiKey replacement, long graceSeconds) =>
        CommandAsync(name, g => g.RotateApiKeyAsync(keyId, replacement, graceSeconds));

    public Task<ApiKeyResult> RevokeApiKeyAsync(string name, string keyId) =>
        CommandAsync(name, g => g.RevokeApiKeyAsync(keyId));

    public async Task ApplyConfigurationAsync(ImmutableArray<ConfiguredSupplier> suppliers)
    {
        if (suppliers.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != suppliers.Length)
        {
            throw new ArgumentException("Supplier names must be unique.", nameof(suppliers));
        }

        await NameAsync([.. suppliers.Select(s => s.Name)]);
        // A supplier an admin deleted answers "not found" and publishes nothing: configuration never brings it back.
        await Task.WhenAll(suppliers.Select(s => CommandAsync(s.Name, g => g.ApplyConfigurationAsync(s))));
    }

    /// <summary>
    /// Runs a command on a supplier's grain and publishes the configuration it answers when it succeeded. A
    /// command that fails may or may not have changed the supplier: it stays unconfirmed until the grain has
    /// been read again.
    /// </summary>
    private async Task<T> CommandAsync<T>(string name, Func<ISupplierGrain, Task<T>> command)
        where T : ISupplierCommandResult
    {
        T result;
        try
        {
            result = await command(Supplier(name));
        }
        catch
        {
            Unconfirm(name);
            throw;
        }

        if (result.Succeeded)
        {
            Publish(name, result.Configuration);
        }

        return result;
    }

    private async Task ReadAsync(string name)
    {
        try
        {
            Publish(name, await Supplier(name).GetConfigurationAsync());
        }
        catch (Exception)
        {
            Unconfirm(name);
        }
    }

    private async Task RecheckAsync()
    {
        await Task.WhenAll(unconfirmed.ToList().Select(ReadAsync));
        if (unconfirmed.Count == 0)
        {
            recheck?.Dispose();
            recheck = null;
        }
    }

    private async Task NameAsync(IReadOnlyCollection<string> names)
    {
        var missing = names.Where(n => !directory.State.Names.Contains(n)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        directory.State.Names.UnionWith(missing);
        try
        {
            await directory.WriteStateAsync();
        }
        catch
        {
            directory.State.Names.ExceptWith(missing);
            throw;
        }
    }

    private void Publish(string name, SupplierConfiguration? configuration)
    {
        unconfirmed.Remove(name);
        if (configuration is null)
        {
            published.Remove(name);
        }
        else
        {
            published[name] = configuration;
        }

        Changed();
    }

    private void Unconfirm(string name)
    {
        if (unconfirmed.Add(name))
        {
            LogUnconfirmed(name);
        }

        Changed();
        recheck ??= this.RegisterGrainTimer(RecheckAsync, new GrainTimerCreationOptions(RecheckInterval, RecheckInterval));
    }

    private void Changed()
    {
        version++;
        snapshot = null;
    }

    private SupplierDirectorySnapshot Snapshot() => snapshot ??= new(
        version,
        [.. published.Values.OrderBy(s => s.Name, StringComparer.Ordinal)],
        [.. unconfirmed]);

    private ISupplierGrain Supplier(string name) => GrainFactory.GetGrain<ISupplierGrain>(name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supplier {Supplier} did not answer the directory; its keys answer 503 until it is read again")]
    private partial void LogUnconfirmed(string supplier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A deleted supplier's name could not be removed from the directory ({ExceptionType}); it is harmless")]
    private partial void LogNameNotRemoved(string exceptionType);
}
