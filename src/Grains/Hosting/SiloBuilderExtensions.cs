using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nox.Brands;
using Nox.Brands.OAuth2;
using Nox.Hosting.DataProtection;
using Nox.Idempotency;
using Nox.LinkSessions;
using Nox.Suppliers.Configuration;
using Nox.Webhooks;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Storage;
using StackExchange.Redis;

namespace Nox.Hosting;

public static class SiloBuilderExtensions
{
    /// <summary>The silo's HTTP endpoint (health, metrics, and the API when co-hosted) when <c>--urls</c> is not given.</summary>
    public const string DefaultUrls = "http://0.0.0.0:8081";

    /// <summary>How long a session's Redis entry outlives its last write: the session ends at most
    /// <see cref="LinkSessionLifetime.Seconds"/> after it, and stays readable 24 h after its end.</summary>
    public static readonly TimeSpan SessionEntryExpiry = TimeSpan.FromHours(24) + LinkSessionLifetime.Duration;

    /// <summary>
    /// How long an idempotency record's Redis entry outlives its write. Its grain stops using it
    /// <see cref="IdempotencyKeys.Retention"/> after the session's <c>created_at</c> (a whole second taken
    /// just before the write), so before Redis purges it; the minute more covers silo clocks that disagree a little.
    /// </summary>
    public static readonly TimeSpan IdempotencyEntryExpiry = IdempotencyKeys.Retention + TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs a Nox silo in this process (<see cref="AddNoxSilo(ISiloBuilder, IConfiguration)"/>) with its
    /// readiness check; the HTTP endpoint defaults to <see cref="DefaultUrls"/>.
    /// </summary>
    public static WebApplicationBuilder AddNoxSilo(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.UseOrleans(silo => silo.AddNoxSilo(builder.Configuration));
        builder.Services.AddHealthChecks().AddCheck<SiloReadinessCheck>("silo", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>Everything a Nox silo needs: cluster identity and membership, storage, domain services.</summary>
    public static ISiloBuilder AddNoxSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = NoxClusterOptions.From(configuration);

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        if (options.Redis is null)
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
        }
        else
        {
            silo.Services.AddSingleton(new RedisConnection(RedisConnection.ParseOptions(options.Redis)));
            silo.UseRedisClustering(_ => { });
            silo.Services.AddOptions<Orleans.Clustering.Redis.RedisClusteringOptions>()
                .Configure<RedisConnection>((o, connection) =>
                {
                    o.ConfigurationOptions = connection.Options;
                    o.CreateMultiplexer = async _ => (await connection.GetAsync(), true);
                });
            var advertised = options.AdvertisedIPAddress ?? configuration["POD_IP"];
            silo.ConfigureEndpoints(
                string.IsNullOrWhiteSpace(advertised) ? IPAddress.Loopback : IPAddress.Parse(advertised),
                options.SiloPort,
                options.GatewayPort,
                listenOnAnyHostAddress: true);
        }

        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Declare a crashed silo dead in seconds, not the defaults' minute: its grains are
            // unreachable until then. Two missed 2 s probes, confirmed by two voters.
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
        return silo.AddNoxGrains(configuration);
    }

    /// <summary>
    /// The grains and what they need, without clustering: call timeouts, storage (Redis when
    /// <c>ConnectionStrings:redis</c> is set, else in memory), domain services, trace propagation.
    /// In-process test clusters, which bring their own membership, use this part alone.
    /// </summary>
    public static ISiloBuilder AddNoxGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        silo.AddNoxStorage(NoxClusterOptions.From(configuration).Redis);
        silo.AddNoxDomain(configuration);

        // Grain calls continue the caller's trace (the API's HTTP request), and start spans of their own.
        silo.AddActivityPropagation();
        return silo;
    }

    /// <summary>
    /// Grain storage: Redis when a connection string is given (sessions and idempotency records with a
    /// TTL, suppliers and users without), otherwise in memory. Either way grains see each provider through
    /// <see cref="StorageFailureTranslation"/>, so a failure means the same on the embedded default as on Redis.
    /// </summary>
    private static ISiloBuilder AddNoxStorage(this ISiloBuilder silo, string? redisConnectionString)
    {
        if (string.IsNullOrWhiteSpace(redisConnectionString))
        {
            foreach (var name in GrainStorageNames.All)
            {
                silo.AddMemoryGrainStorage(MemoryProviderName(name));
                AddTranslation(silo, name, MemoryProviderName(name));
            }

            silo.UseInMemoryReminderService();
            silo.Services.TryAddSingleton<ILinkSessionCreationStorage>(SeparateCreation);
            return silo;
        }

        silo.Services.TryAddSingleton(new RedisConnection(RedisConnection.ParseOptions(redisConnectionString)));
        silo.Services.TryAddSingleton(services => new RedisStateKey(services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.TryAddSingleton<ILinkSessionCreationStorage>(services => new RedisLinkSessionCreation(
            services.GetRequiredService<RedisConnection>(),
            services.GetRequiredService<RedisStateKey>(),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            StateSerializer(services),
            SessionEntryExpiry,
            SeparateCreation(services),
            services.GetRequiredService<ILogger<RedisLinkSessionCreation>>()));
        AddRedisStorage(silo, GrainStorageNames.Sessions, SessionEntryExpiry);
        AddRedisStorage(silo, GrainStorageNames.Suppliers, entryExpiry: null);
        AddRedisStorage(silo, GrainStorageNames.Users, entryExpiry: null);
        AddRedisStorage(silo, GrainStorageNames.Webhooks, entryExpiry: null);

        // Reminders wake the webhook partitions and sweepers (each owns one), so their schedule survives any silo.
        silo.UseRedisReminderService(_ => { });
        silo.Services.AddOptions<Orleans.Configuration.RedisReminderTableOptions>().Configure<RedisConnection>((o, connection) =>
        {
            o.ConfigurationOptions = connection.Options;
            o.CreateMultiplexer = async _ => (await connection.GetAsync(), true);
        });
        AddRedisStorage(silo, GrainStorageNames.Idempotency, IdempotencyEntryExpiry);
        return silo;
    }

    private static GrainStorageLinkSessionCreation SeparateCreation(IServiceProvider services) => new(
        services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Sessions),
        services.GetRequiredService<IWebhookStore>());

    /// <summary>The in-memory provider behind <paramref name="name"/> on the embedded default (and in test clusters).</summary>
    public static string MemoryProviderName(string name) => $"{name}.memory";

    /// <summary>
    /// A Redis provider registered as <c>{name}.redis</c>, exposed to grains as <paramref name="name"/>
    /// through <see cref="StorageFailureTranslation"/>. Provider names are not part of Redis keys.
    /// </summary>
    private static void AddRedisStorage(ISiloBuilder silo, string name, TimeSpan? entryExpiry)
    {
        var provider = $"{name}.redis";
        silo.AddRedisGrainStorage(provider);
        silo.Services.AddOptions<RedisStorageOptions>(provider).Configure<RedisConnection, IServiceProvider>((o, connection, services) =>
        {
            o.ConfigurationOptions = connection.Options;
            o.CreateMultiplexer = async _ => (await connection.GetAsync(), true);
            o.EntryExpiry = entryExpiry;
            o.GetStorageKey = services.GetRequiredService<RedisStateKey>().Of;
            // Clearing a state erases it (a deleted NOX user), rather than writing an empty one in its place.
            o.DeleteStateOnClear = true;
            o.GrainStorageSerializer = StateSerializer(services);
        });
        AddTranslation(silo, name, provider);
    }

    private static void AddTranslation(ISiloBuilder silo, string name, string provider) =>
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new StorageFailureTranslation(
            services.GetRequiredKeyedService<IGrainStorage>(provider),
            services.GetRequiredService<ILogger<StorageFailureTranslation>>()));

    /// <summary>
    /// State in Orleans' binary format: the types are <c>[GenerateSerializer]</c> with ids and aliases,
    /// so it is version tolerant and survives a class rename, which the default (Newtonsoft JSON with
    /// CLR type names) does not. Measured on the create path: a tenth less silo CPU, and a session entry
    /// of 70 bytes instead of 239 (416 instead of 592 bytes of Redis memory). Entries written as JSON by
    /// an earlier version still read, through the fallback.
    /// </summary>
    public static IGrainStorageSerializer StateSerializer(IServiceProvider services) => new GrainStorageSerializer(
        new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>()),
        // The default IGrainStorageSerializer: what earlier versions wrote.
        fallbackDeserializer: services.GetRequiredService<IGrainStorageSerializer>());

    /// <summary>
    /// The domain's clock and metrics, Data Protection (the token vault's keys), the brand connectors (the sandbox,
    /// and OAuth 2.0 for the brands configured so) and the supplier configuration loader.
    /// </summary>
    private static ISiloBuilder AddNoxDomain(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.TryAddKeyedSingleton(ServiceClock.Key, TimeProvider.System);
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<LinkSessionMetrics>();
        silo.Services.TryAddSingleton<LinkTokenSeal>();
        silo.Services.AddOptions<LinkSessionOptions>()
            .Bind(configuration.GetSection(LinkSessionOptions.Section))
            .Validate(o => o.IsValid, $"{LinkSessionOptions.Section}:Lifetime is whole seconds, at least 00:00:01 (the contract's is 00:10:00).")
            .ValidateOnStart();
        silo.Services.AddNoxDataProtection(NoxClusterOptions.From(configuration));
        silo.Services.AddNoxBrandConnectors();
        silo.Services.AddNoxWebhooks(configuration);
        silo.Services.AddOAuth2BrandConnectors(configuration);
        silo.Services.AddOptions<SuppliersOptions>()
            .Bind(configuration.GetSection(SuppliersOptions.Section))
            .ValidateOnStart();
        silo.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SuppliersOptions>, SuppliersOptionsValidator>();
        silo.Services.AddSingleton<SupplierConfigurationLoader>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SupplierConfigurationLoader>());
        return silo;
    }
}
