using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nox.Hosting;
using Nox.LinkSessions;
using Polly;

namespace Nox.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Webhooks in a silo: options, the store (Redis when the service has it, else memory), the outbound HTTP
    /// client, the event log and its relay, and the start of the partitions and sweepers.
    /// </summary>
    public static IServiceCollection AddNoxWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .Configure(o => o.PublicBaseUrl = configuration["Nox:PublicBaseUrl"] ?? o.PublicBaseUrl);

        if (NoxClusterOptions.From(configuration).Redis is null)
        {
            services.TryAddSingleton<IWebhookStore, InMemoryWebhookStore>();
        }
        else
        {
            services.TryAddSingleton<IWebhookStore, RedisWebhookStore>();
        }

        services.TryAddSingleton<WebhookAddressPolicy>();
        services.TryAddSingleton<WebhookBodySeal>();
        services.TryAddSingleton<WebhookTelemetry>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookEventLog>();
        services.TryAddSingleton<WebhookOutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookOutboxRelay>());
        services.TryAddSingleton<LinkSessionEvents>();
        services.TryAddSingleton<LinkSessionWebhooks>();
        services.TryAddSingleton<Nox.Users.UserWebhooks>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WebhookSchedulerStartup>();

        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, past the address check of the endpoint's URL.
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                MaxConnectionsPerServer = 16,
                // Every connection goes to an address the policy allows, resolved when it is made.
                ConnectCallback = sp.GetRequiredService<WebhookAddressPolicy>().ConnectAsync,
            })
            // The factory's own log lines would name endpoint URLs, which may carry a supplier's credentials.
            .RemoveAllLoggers()
            // One attempt's budget; retries are the durable schedule's (WebhookDeliveryPartitionGrain), never here.
            .AddResilienceHandler("attempt", pipeline => pipeline.AddTimeout(WebhookOptions.AttemptTimeout));
        return services;
    }
}
