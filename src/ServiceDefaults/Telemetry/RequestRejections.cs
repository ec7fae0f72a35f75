using System.Diagnostics.Metrics;

namespace Nox.Telemetry;

/// <summary>
/// <c>nox.requests.rejected</c> (Prometheus: <c>nox_requests_rejected_total</c>) by <c>reason</c>. The
/// reason follows from the status the request was answered with, so every path that refuses a request
/// is counted without each one having to remember to: 400, 413 and 415 are <c>validation</c>, 401 is
/// <c>auth</c>, 429 is <c>rate</c> (the supplier and Authenticator rate limits), 503 is <c>unavailable</c>. Domain answers
/// (404, 409, 410) are not rejections.
/// </summary>
public sealed class RequestRejections
{
    public const string InstrumentName = "nox.requests.rejected";

    private static readonly KeyValuePair<string, object?> Validation = new("reason", "validation");
    private static readonly KeyValuePair<string, object?> Auth = new("reason", "auth");
    private static readonly KeyValuePair<string, object?> Rate = new("reason", "rate");
    private static readonly KeyValuePair<string, object?> Unavailable = new("reason", "unavailable");

    private readonly Counter<long> rejected;

    public RequestRejections(IMeterFactory meters)
    {
        rejected = meters.Create(NoxTelemetry.MeterName).CreateCounter<long>(
            InstrumentName,
            unit: "{request}",
            description: "Requests refused before they reached a link session, by reason: validation, auth, rate, unavailable.");
    }

    /// <summary>Counts the request if the status it was answered with is a rejection.</summary>
    public void Record(int statusCode)
    {
        switch (statusCode)
        {
            case 400 or 413 or 415:
                rejected.Add(1, Validation);
                break;
            case 401:
                rejected.Add(1, Auth);
                break;
            case 429:
                rejected.Add(1, Rate);
                break;
            case 503:
                rejected.Add(1, Unavailable);
                break;
        }
    }
}
