using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nox.Api.Hosting;

namespace Nox.Testing;

public static class ApiTestServices
{
    /// <summary>Points the API at a test cluster's (already connected) client instead of the one Program builds.</summary>
    public static void UseClusterClient(this IServiceCollection services, IClusterClient client)
    {
        services.RemoveAll<IClusterClient>();
        services.RemoveAll<IGrainFactory>();
        services.RemoveAll<ClusterConnection>();
        services.AddSingleton(client);
        services.AddSingleton<IGrainFactory>(client);
        services.AddSingleton(sp => ClusterConnection.ForConnectedClient(client, sp.GetRequiredService<ILogger<ClusterConnection>>()));
    }
}
