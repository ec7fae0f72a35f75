namespace Nox.Telemetry;

/// <summary>Names the telemetry of both processes shares: the domain meter and the activity sources subscribed to.</summary>
public static class NoxTelemetry
{
    /// <summary>The domain meter: link sessions (counted in the silo) and rejected requests (counted in the API).</summary>
    public const string MeterName = "Nox";

    /// <summary>The activity source of webhook deliveries: one span per attempt, linked to the change that caused the event.</summary>
    public const string WebhooksActivitySource = "Nox.Webhooks";

    /// <summary>Orleans' own meter.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// Orleans' activity sources: grain calls (client and server spans), runtime work and storage. With
    /// <c>AddActivityPropagation()</c> on client and silo they join the HTTP request's trace.
    /// </summary>
    public static readonly string[] OrleansActivitySources =
    [
        "Microsoft.Orleans.Application",
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Storage",
    ];
}
