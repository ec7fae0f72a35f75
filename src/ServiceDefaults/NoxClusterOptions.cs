using Microsoft.Extensions.Configuration;

namespace Nox.Hosting;

/// <summary>
/// Configuration section <c>Orleans</c> and <c>ConnectionStrings:redis</c>, read by silos and by the
/// API's cluster client: the one place that decides between Redis and the embedded default.
/// </summary>
public sealed class NoxClusterOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "nox";

    public string ServiceId { get; set; } = "nox-authenticator";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on; <c>POD_IP</c> when unset.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// <c>ConnectionStrings:redis</c>: Redis clustering and storage. Null is the embedded default:
    /// localhost clustering, in-memory storage.
    /// </summary>
    public string? Redis { get; set; }

    public static NoxClusterOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<NoxClusterOptions>() ?? new NoxClusterOptions();
        var redis = configuration.GetConnectionString("redis");
        options.Redis = string.IsNullOrWhiteSpace(redis) ? null : redis;
        return options;
    }
}
