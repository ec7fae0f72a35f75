using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nox.Hosting.DataProtection;

/// <summary>
/// ASP.NET Core Data Protection for every Nox process: what the service encrypts (the OAuth <c>state</c> in
/// the API, brand tokens in the silo) is encrypted with keys from one key ring per service. With Redis the
/// ring is the list at <c>{ServiceId}/data-protection/keys</c>, shared by every silo and API instance; on the
/// embedded default it lives in memory and dies with the process, as the in-memory grain state does. With Redis,
/// every process loads the ring before it serves anything (<see cref="KeyRingStartup"/>), so processes started
/// together on an empty ring share one first key.
/// <para>
/// Values sealed on every create (link tokens, webhook bodies) are sealed with AES-GCM under one data key per service
/// (<see cref="DataKeySeal"/>, <see cref="DataKeyRing"/>), which this ring only wraps: with Redis the data key lives
/// wrapped at <c>{ServiceId}/data-protection/data-keys</c> (<see cref="RedisDataKeyStore"/>) and is loaded with the
/// ring; on the embedded default it is random and in memory, as the ring is.
/// </para>
/// </summary>
public static class DataProtectionExtensions
{
    /// <summary>Keys are replaced every 90 days (Data Protection's default); old keys keep decrypting what they encrypted.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public static string RedisKey(string serviceId) => $"{serviceId}/data-protection/keys";

    /// <summary>The lock under which a starting process loads the ring (and creates its first key): <see cref="KeyRingStartup"/>.</summary>
    public static string StartupLockKey(string serviceId) => $"{serviceId}/data-protection/startup-lock";

    /// <summary>Idempotent: the co-hosted process is a silo and an API, and both ask for it.</summary>
    public static IServiceCollection AddNoxDataProtection(this IServiceCollection services, NoxClusterOptions cluster)
    {
        if (services.Any(d => d.ServiceType == typeof(NoxDataProtectionMarker)))
        {
            return services;
        }

        services.AddSingleton<NoxDataProtectionMarker>();
        // The application name, not the content root (Data Protection's default), isolates the ring: silo and
        // API processes of one service run from different folders and must read each other's keys.
        var builder = services.AddDataProtection()
            .SetApplicationName(cluster.ServiceId)
            .SetDefaultKeyLifetime(KeyLifetime);

        if (cluster.Redis is null)
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(
                o => o.XmlRepository = new InMemoryXmlRepository()));
            // As the ring above: one per process (per container), made with it and lost with it.
            services.AddSingleton(_ => DataKeyRing.InMemory());
            services.AddSingleton<DataKeySeal>();
            return services;
        }

        services.TryAddSingleton(new RedisConnection(RedisConnection.ParseOptions(cluster.Redis)));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var connection = provider.GetRequiredService<RedisConnection>();
            // Data Protection reads and writes its ring synchronously, once per refresh (a day) and when it creates a
            // key; the shared multiplexer connects without waiting for Redis (AbortOnConnectFail is off).
            o.XmlRepository = new Microsoft.AspNetCore.DataProtection.StackExchangeRedis.RedisXmlRepository(
                () => connection.GetAsync().GetAwaiter().GetResult().GetDatabase(),
                RedisKey(cluster.ServiceId));
        }));
        services.AddSingleton(provider => new RedisDataKeyStore(
            provider.GetRequiredService<RedisConnection>(),
            provider.GetRequiredService<IDataProtectionProvider>(),
            cluster.ServiceId,
            provider.GetRequiredService<ILogger<RedisDataKeyStore>>()));
        services.AddSingleton(provider => new DataKeyRing(
            provider.GetRequiredService<RedisDataKeyStore>().LoadAsync,
            provider.GetRequiredService<ILogger<DataKeyRing>>()));
        services.AddSingleton<DataKeySeal>();
        services.AddSingleton<IHostedService>(provider => new KeyRingStartup(
            provider.GetRequiredService<IDataProtectionProvider>(),
            provider.GetRequiredService<DataKeyRing>(),
            provider.GetRequiredService<RedisConnection>(),
            StartupLockKey(cluster.ServiceId),
            provider.GetRequiredService<ILogger<KeyRingStartup>>()));
        return services;
    }

    private sealed class NoxDataProtectionMarker;
}
