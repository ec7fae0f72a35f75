using Nox.Hosting;
using Orleans.Configuration;

namespace Nox.Api.Hosting;

public static class ClusterClientExtensions
{
    /// <summary>
    /// Connects to the cluster named by the <c>Orleans</c> section: through Redis membership when
    /// <c>ConnectionStrings:redis</c> is set, else to a silo gateway on localhost. The client keeps
    /// retrying in the background (<see cref="ClusterConnection"/>), so the API starts and answers
    /// 503 while no silo is up.
    /// </summary>
    public static WebApplicationBuilder AddNoxClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = NoxClusterOptions.From(builder.Configuration);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Redis is null)
            {
                client.UseLocalhostClustering(cluster.GatewayPort);
            }
            else
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = RedisConnection.ParseOptions(cluster.Redis));
            }

            client.UseConnectionRetryFilter<RetryUntilConnected>();
            // Grain calls carry the HTTP request's trace into the silo.
            client.AddActivityPropagation();
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            // Learn about new and departed silos in seconds (default: a minute).
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        });

        // Orleans registers its client as a hosted service that blocks host start-up until a silo
        // answers; ClusterConnection starts it in the background instead.
        var blockingStart = builder.Services.Single(d =>
            d.ServiceType == typeof(IHostedService)
            && d.ImplementationFactory?.Method.DeclaringType?.Assembly == typeof(IClusterClient).Assembly);
        builder.Services.Remove(blockingStart);
        builder.Services.AddSingleton<ClusterConnection>();
        builder.Services.AddSingleton<IClusterAccess>(sp => sp.GetRequiredService<ClusterConnection>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterConnection>());
        builder.Services.AddHealthChecks().AddCheck<ClusterConnectionCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
