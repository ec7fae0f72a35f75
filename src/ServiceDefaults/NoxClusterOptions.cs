using Microsoft.Extensions.Configuration;

namespace Nox.Hosting;

/// <summary>Configuration section <c>Orleans</c>, read by silos and by the API's cluster client.</summary>
public sealed class NoxClusterOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "nox";

    public string ServiceId { get; set; } = "nox-authenticator";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on; <c>POD_IP</c> when unset.</summary>
    public string? AdvertisedIPAddress { get; set; }

    public static NoxClusterOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<NoxClusterOptions>() ?? new NoxClusterOptions();
}
