namespace Nox.Api;

/// <summary>Configuration section <c>Nox</c> as the API reads it.</summary>
public sealed class NoxApiOptions
{
    public const string Section = "Nox";

    /// <summary>Silo setting: <c>true</c> serves the whole HTTP API from the silo process (co-hosted).</summary>
    public const string EnabledKey = "Nox:Api:Enabled";

    /// <summary>Base of every <c>link_url</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";

    /// <summary>How long an API instance trusts its copy of the supplier list; bounds how fast a revoked key stops working.</summary>
    public TimeSpan SupplierCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Create calls to the cluster an API instance has out at once before creations start to share calls.</summary>
    public int CreateBatchesInFlight { get; set; } = 4;

    /// <summary>The most creations one call to the cluster carries.</summary>
    public int CreateBatchSize { get; set; } = 128;

    /// <summary>The most creations that wait for a call slot; a create beyond them answers 503 at once.</summary>
    public int CreateQueueLimit { get; set; } = 4096;
}
