using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nox.Suppliers;

namespace Nox.Suppliers.Configuration;

/// <summary>
/// Applies the configured suppliers to the cluster when the silo becomes active. Every silo does it; it
/// is idempotent and only ever adds (see <see cref="ISupplierGrain.ApplyConfigurationAsync"/>), so a silo
/// started with old configuration undoes nothing an admin did. If storage is away at start-up the silo
/// still starts and keeps trying in the background.
/// </summary>
public sealed partial class SupplierConfigurationLoader(
    IGrainFactory grains,
    IOptions<SuppliersOptions> options,
    ILogger<SupplierConfigurationLoader> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource stopping = new();
    private Task? retrying;

    /// <summary>True once this silo's configuration has been applied; part of readiness.</summary>
    public bool Applied { get; private set; }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SupplierConfigurationLoader), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (!await TryApplyAsync())
        {
            retrying = RetryAsync(stopping.Token);
        }
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (retrying is not null)
        {
            await retrying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(RetryDelay, cancellationToken);
            if (await TryApplyAsync())
            {
                return;
            }
        }
    }

    private async Task<bool> TryApplyAsync()
    {
        try
        {
            var suppliers = options.Value.ToConfiguredSuppliers();
            await grains.GetGrain<ISupplierDirectoryGrain>(0).ApplyConfigurationAsync(suppliers);
            Applied = true;
            LogApplied(suppliers.Length);
            return true;
        }
        catch (Exception exception)
        {
            LogFailed(exception, RetryDelay.TotalSeconds);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} supplier(s) from configuration")]
    private partial void LogApplied(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not apply supplier configuration; retrying in {Seconds} s")]
    private partial void LogFailed(Exception exception, double seconds);
}
