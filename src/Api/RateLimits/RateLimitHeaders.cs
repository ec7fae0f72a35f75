using System.Globalization;
using System.Runtime.CompilerServices;
using Nox.Suppliers;

namespace Nox.Api.RateLimits;

/// <summary>
/// The IETF httpapi ratelimit-headers fields of every supplier API response: <c>RateLimit-Policy:
/// "supplier";q=&lt;Burst&gt;;w=1</c> and <c>RateLimit: "supplier";r=&lt;remaining&gt;;t=&lt;seconds until a
/// permit&gt;</c>.
/// </summary>
public static class RateLimitHeaders
{
    public const string Policy = "RateLimit-Policy";

    public const string Limit = "RateLimit";

    /// <summary>A supplier's limit is one object until its configuration changes: its policy value is written once.</summary>
    private static readonly ConditionalWeakTable<SupplierRateLimit, string> Policies = [];

    public static void Set(HttpResponse response, SupplierRateLimit rateLimit, int remaining, TimeSpan nextPermitIn)
    {
        response.Headers[Policy] = Policies.GetValue(
            rateLimit, static limit => string.Create(CultureInfo.InvariantCulture, $"\"supplier\";q={limit.Burst};w=1"));
        response.Headers[Limit] = string.Create(CultureInfo.InvariantCulture, $"\"supplier\";r={remaining};t={WholeSeconds(nextPermitIn)}");
    }

    /// <summary>Rounded up: a client that waits this long finds a permit.</summary>
    public static long WholeSeconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(span.TotalSeconds);
}
