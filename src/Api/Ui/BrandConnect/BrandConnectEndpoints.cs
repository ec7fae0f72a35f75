using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.LinkSessions;
using Nox.Api.Ui.Pages;
using Nox.Api.Ui.Texts;
using Nox.Brands;
using Nox.LinkSessions;
using static Nox.Api.Ui.AuthenticatorPages;

namespace Nox.Api.Ui.BrandConnect;

/// <summary>
/// A brand connected through its manufacturer's consent page (OAuth 2.0 authorization code with PKCE):
/// <c>GET /ui/connect?token=…&amp;brand=…</c> sends the user there, <c>GET /ui/callback?code=…&amp;state=…</c>
/// takes them back. The grains hold the attempt and make the exchange; this only mints the <c>state</c>
/// (<see cref="ConnectState"/>), forwards and chooses the page. Every page is in the language the user had;
/// the session stays pending through every error.
/// </summary>
public static class BrandConnectEndpoints
{
    public const string ConnectPath = "/ui/connect";
    public const string CallbackPath = "/ui/callback";

    /// <summary>An authorization code longer than this is not one (vendors' codes are tens to hundreds of characters).</summary>
    public const int MaxCodeLength = 2048;

    public static IEndpointRouteBuilder MapBrandConnect(this IEndpointRouteBuilder app)
    {
        app.MapGet(ConnectPath, ConnectAsync).ExcludeFromDescription();
        app.MapGet(CallbackPath, CallbackAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary><c>/ui/connect</c> for a session; without a brand, for the page's script to complete.</summary>
    public static string ConnectPathFor(string token, Language language, Brand? brand)
    {
        var url = $"{ConnectPath}?token={Uri.EscapeDataString(token)}&language={language.ToCode()}";
        return brand is { } b ? $"{url}&brand={Uri.EscapeDataString(b.ToWireName())}" : url;
    }

    /// <summary>Where the manufacturer sends the user back: the public base URL's, as registered with the manufacturer.</summary>
    public static string RedirectUri(NoxApiOptions options) => options.PublicBaseUrl.TrimEnd('/') + CallbackPath;

    private static async Task<IResult> ConnectAsync(HttpContext http, IClusterAccess cluster, ConnectState states, IOptions<NoxApiOptions> options)
    {
        var query = http.Request.Query;
        var requested = UiLanguage.Requested(query["language"]);
        var tokens = query["token"];
        if (tokens.Count != 1 || !LinkToken.IsWellFormed(tokens[0]))
        {
            return Message(http, MessageKind.NotFound, UiLanguage.Choose(requested, null), supplier: null, token: null);
        }

        var token = tokens[0]!;
        var brands = query["brand"];
        if (brands.Count != 1 || !BrandNames.TryParse(brands[0], out var brand))
        {
            return Message(http, MessageKind.InvalidRequest, UiLanguage.Choose(requested, null), supplier: null, token);
        }

        BrandAuthorizationResult result;
        string state;
        try
        {
            // The session's language goes into the state, so that every page after the consent page speaks it
            // even when the session cannot be read then. The attempt's grain checks the session again.
            var sessionKey = LinkToken.ToGrainKey(token);
            var session = await cluster.Grains.GetGrain<ILinkSessionGrain>(sessionKey).GetAsync();
            if (session is null)
            {
                return Message(http, MessageKind.NotFound, UiLanguage.Choose(requested, null), supplier: null, token: null);
            }

            state = states.Mint(token, brand, UiLanguage.Choose(requested, session.Language));
            result = await cluster.Grains.GetGrain<IBrandAuthorizationGrain>(AuthorizationState.ToGrainKey(state))
                .StartAsync(sessionKey, brand, RedirectUri(options.Value));
        }
        catch (Exception exception) when (ClusterFailures.IsUnavailable(exception))
        {
            return Unavailable(http, requested, token);
        }

        var language = UiLanguage.Choose(requested, result.Session?.Language);
        return result.Outcome switch
        {
            BrandAuthorizationOutcome.Started => TypedResults.Redirect(QueryHelpers.AddQueryString(result.AuthorizationUrl!, "state", state)),
            BrandAuthorizationOutcome.NoConsentPage or BrandAuthorizationOutcome.UnknownState =>
                Message(http, MessageKind.InvalidRequest, language, result.Session?.Supplier, token),
            _ => SessionPage(http, result, language, token),
        };
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, IClusterAccess cluster, ConnectState states, TimeProvider time)
    {
        var query = http.Request.Query;
        var stateValues = query["state"];
        ConnectState.Contents state;
        try
        {
            if (stateValues.Count != 1 || !states.TryRead(stateValues[0], out state))
            {
                // Forged, altered, missing or from long ago: nothing in it can be trusted, not even its language.
                return Message(http, MessageKind.InvalidRequest, Languages.Default, supplier: null, token: null);
            }
        }
        catch (Exception exception) when (ClusterFailures.IsUnavailable(exception))
        {
            // The key ring could not be read (Redis away).
            return Unavailable(http, language: null, token: null);
        }

        var grain = cluster.Grains.GetGrain<IBrandAuthorizationGrain>(AuthorizationState.ToGrainKey(stateValues[0]!));
        var codes = query["code"];
        var denied = query.ContainsKey("error");
        if (!denied && (codes.Count != 1 || string.IsNullOrEmpty(codes[0]) || codes[0]!.Length > MaxCodeLength))
        {
            return Message(http, MessageKind.InvalidRequest, state.Language ?? Languages.Default, supplier: null, state.Token);
        }

        BrandAuthorizationResult result;
        try
        {
            result = denied ? await grain.DenyAsync() : await grain.RedeemAsync(codes[0]!);
        }
        catch (BrandConnectorUnavailableException)
        {
            // The manufacturer failed or took too long; the session is pending and a new attempt may work.
            var language = state.Language ?? Languages.Default;
            return Message(http, MessageKind.ConnectorFailed, language, supplier: null, state.Token, ConnectPathFor(state.Token, language, state.Brand));
        }
        catch (Exception exception) when (ClusterFailures.IsUnavailable(exception))
        {
            return Unavailable(http, state.Language, state.Token);
        }

        var pageLanguage = UiLanguage.Choose(state.Language, result.Session?.Language);
        return result.Outcome switch
        {
            BrandAuthorizationOutcome.Succeeded =>
                TypedResults.Redirect(CompletionRedirect.RedirectTo(result.Session!.RedirectUrl, result.Completion!)),
            BrandAuthorizationOutcome.Denied => Page<ConnectPage>(
                http,
                StatusCodes.Status200OK,
                pageLanguage,
                ConnectPage.Parameters(
                    result.Session!,
                    state.Token,
                    pageLanguage,
                    time.GetUtcNow(),
                    await AuthorizationBrandsAsync(cluster),
                    chosen: state.Brand,
                    notice: UiText.For(pageLanguage).Denied(state.Brand))),
            BrandAuthorizationOutcome.UnknownState => Message(http, MessageKind.InvalidRequest, pageLanguage, supplier: null, state.Token),
            _ => SessionPage(http, result, pageLanguage, state.Token),
        };
    }

    /// <summary>The page of a session that cannot be connected: unknown (404), completed (409), expired (410).</summary>
    private static IResult SessionPage(HttpContext http, BrandAuthorizationResult result, Language language, string token) => result.Outcome switch
    {
        BrandAuthorizationOutcome.AlreadyCompleted => Message(http, MessageKind.Completed, language, result.Session?.Supplier, token),
        BrandAuthorizationOutcome.AlreadyExpired => Message(http, MessageKind.Expired, language, result.Session?.Supplier, token),
        _ => Message(http, MessageKind.NotFound, language, supplier: null, token: null),
    };

    private static IResult Unavailable(HttpContext http, Language? language, string? token)
    {
        RetryAfter.Set(http.Response);
        return Message(http, MessageKind.Unavailable, language ?? Languages.Default, supplier: null, token);
    }

    private static async Task<IReadOnlyCollection<Brand>> AuthorizationBrandsAsync(IClusterAccess cluster) =>
        await cluster.Grains.GetGrain<IBrandDirectoryGrain>(0).GetAuthorizationBrandsAsync();
}
