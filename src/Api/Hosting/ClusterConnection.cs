namespace Nox.Api.Hosting;

/// <summary>
/// Starts the Orleans client in the background and says whether it is connected. Orleans' own
/// hosted service would hold up the whole host, Kestrel included, until a silo answers; this way the
/// API serves 503 with Retry-After while the cluster is away and is ready the moment it connects.
/// </summary>
public sealed partial class ClusterConnection(IClusterClient client, ILogger<ClusterConnection> logger) : BackgroundService, IClusterAccess
{
    private volatile bool connected;

    public bool IsConnected => connected;

    public IGrainFactory Grains => connected ? client : throw new ClusterUnavailableException();

    /// <summary>For a client that something else has already connected (tests).</summary>
    public static ClusterConnection ForConnectedClient(IClusterClient client, ILogger<ClusterConnection> logger) =>
        new(client, logger) { connected = true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (connected)
        {
            return;
        }

        await ((IHostedService)client).StartAsync(stoppingToken);
        connected = true;
        LogConnected();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (connected && ExecuteTask is not null)
        {
            connected = false;
            await ((IHostedService)client).StopAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster")]
    private partial void LogConnected();
}
