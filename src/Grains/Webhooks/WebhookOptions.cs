namespace Nox.Webhooks;

/// <summary>
/// Configuration section <c>Nox:Webhooks</c>. <see cref="RetryDelays"/> and <see cref="AllowPrivateNetworks"/> are
/// the contract's; the rest tune the background work and exist so that tests can run it faster. The contract's
/// timings (the 15 s attempt timeout, the 60 s bound on expiry events) hold with the defaults.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Nox:Webhooks";

    /// <summary>The contract's default delays before retry 1, 2, …: eight attempts in all over about a day.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>The contract's timeout of one attempt.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The longest <c>Retry-After</c> honoured.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    /// <summary><c>Nox:Webhooks:RetryDelays:M</c>; null or empty means <see cref="DefaultRetryDelays"/>.</summary>
    public TimeSpan[]? RetryDelays { get; set; }

    /// <summary><c>Nox:Webhooks:AllowPrivateNetworks</c>: endpoints may be on loopback or private addresses (development, tests).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Base of <c>link_url</c> in event data: <c>Nox:PublicBaseUrl</c>, as the API reads it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";

    /// <summary>How often a sweeper looks at its indexes while active.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after a bucket of expiry times ends its sessions are swept: covers a completion write still in flight at the expiry.</summary>
    public TimeSpan ExpiryGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How old a mark in the index of changed sessions is before it is swept: the normal hand-off has finished long before.</summary>
    public TimeSpan ChangedSweepDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a delivery partition looks for due deliveries while active (a new event wakes it at once).</summary>
    public TimeSpan DeliveryPollPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts under way at once to one endpoint.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>Attempts under way at once in one delivery partition (there are <see cref="WebhookPartitions.Deliveries"/>).</summary>
    public int MaxConcurrencyPerPartition { get; set; } = 64;

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;
}
