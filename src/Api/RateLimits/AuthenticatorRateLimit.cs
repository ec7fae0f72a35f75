using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nox.Api.LinkSessions;
using Nox.Api.Ui;
using Nox.Api.Ui.Pages;

namespace Nox.Api.RateLimits;

/// <summary>
/// The Authenticator's limit per client address (ASP.NET Core's rate limiting middleware, a fixed window of one
/// minute per address). The address is the connection's, or the <c>X-Forwarded-For</c> one when the connection
/// comes from a configured proxy (<see cref="ProxyOptions"/>). Over the limit: 429 with <c>Retry-After</c>, a page
/// in the page's language, or a problem body on the complete endpoint (which the page calls with <c>fetch</c>).
/// </summary>
public static class AuthenticatorRateLimit
{
    public const string PolicyName = "authenticator";

    public const string Message = "Too many requests from this address. Retry after the Retry-After seconds.";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddAuthenticatorRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitsOptions>()
            .Bind(configuration.GetSection(RateLimitsOptions.Section))
            .Validate(o => o.AuthenticatorPerMinute >= 1, $"{RateLimitsOptions.Section}:AuthenticatorPerMinute must be at least 1.")
            .ValidateOnStart();

        var proxies = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // Only the configured proxies: not even loopback is trusted by default.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = null;
            foreach (var proxy in proxies.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new OptionsValidationException(ProxyOptions.Section, typeof(ProxyOptions), [$"{ProxyOptions.Section}:KnownProxies has '{proxy}', which is not an IP address."]));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new OptionsValidationException(ProxyOptions.Section, typeof(ProxyOptions), [$"{ProxyOptions.Section}:KnownNetworks has '{network}', which is not a CIDR network."]));
            }
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.AddPolicy(PolicyName, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value.AuthenticatorPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress ?? IPAddress.None,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = Window, QueueLimit = 0 });
            });
        });
        return services;
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
        if (http.Request.Path.StartsWithSegments(LinkSessionCompletionEndpoints.Path, StringComparison.Ordinal))
        {
            await ((IResult)new TooManyRequestsProblem(Message, retryAfter)).ExecuteAsync(http);
            return;
        }

        TooManyRequestsProblem.SetRetryAfter(http.Response, Math.Max(1, RateLimitHeaders.WholeSeconds(retryAfter)));
        var language = UiLanguage.Choose(UiLanguage.Requested(http.Request.Query["language"]), session: null);
        await AuthenticatorPages.Message(http, MessageKind.TooManyRequests, language, supplier: null, token: null).ExecuteAsync(http);
    }
}
