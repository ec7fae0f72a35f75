using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Nox.Testing.FakeVendor;

/// <summary>
/// A heat-pump manufacturer's cloud as the OAuth 2.0 connector sees it, as a real HTTP server on a free loopback
/// port: an authorization server with a consent page (<c>/oauth/authorize</c>, Allow and Deny buttons), a token
/// endpoint that checks the client, the redirect URI and the PKCE verifier and hands each code out once, and a
/// devices API that wants its access token as <c>Bearer</c>. Tests can make the token endpoint fail or hang, and
/// read every secret it issued to look for them where they must not be.
/// </summary>
public sealed class FakeOAuthVendor : IAsyncDisposable
{
    public const string ClientId = "nox-test-client";
    public const string ClientSecret = "fake-vendor-client-secret-5b1d0c7e";
    public const string Scopes = "openid devices:read offline_access";
    public const string DeviceIdsPath = "$.devices[*].id";

    public static readonly IReadOnlyList<string> DeviceIds = ["fv-heatpump-1001", "fv-heatpump-1002"];

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, PendingCode> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> issued = new();
    private volatile TaskCompletionSource? hold;
    private volatile int failWith;
    private int tokenRequests;
    private int heldRequests;

    private FakeOAuthVendor(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string AuthorizationEndpoint => new Uri(BaseAddress, "/oauth/authorize").ToString();

    public string TokenEndpoint => new Uri(BaseAddress, "/oauth/token").ToString();

    public string DevicesEndpoint => new Uri(BaseAddress, "/api/v1/devices").ToString();

    /// <summary>Token requests received so far (answered or not).</summary>
    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>Token requests waiting in <see cref="HoldTokenRequests"/> right now.</summary>
    public int HeldRequests => Volatile.Read(ref heldRequests);

    /// <summary>Every code, access token and refresh token this vendor handed out.</summary>
    public IReadOnlyCollection<string> IssuedSecrets => [.. issued];

    /// <summary>The configuration that makes <paramref name="brandKey"/> an OAuth 2.0 brand served by this vendor.</summary>
    public IReadOnlyDictionary<string, string?> BrandSettings(string brandKey) => new Dictionary<string, string?>
    {
        [$"Nox:Brands:{brandKey}:Kind"] = "oauth2",
        [$"Nox:Brands:{brandKey}:AuthorizationEndpoint"] = AuthorizationEndpoint,
        [$"Nox:Brands:{brandKey}:TokenEndpoint"] = TokenEndpoint,
        [$"Nox:Brands:{brandKey}:ClientId"] = ClientId,
        [$"Nox:Brands:{brandKey}:ClientSecret"] = ClientSecret,
        [$"Nox:Brands:{brandKey}:Scopes"] = Scopes,
        [$"Nox:Brands:{brandKey}:DevicesEndpoint"] = DevicesEndpoint,
        [$"Nox:Brands:{brandKey}:DeviceIdsPath"] = DeviceIdsPath,
    };

    public static async Task<FakeOAuthVendor> StartAsync()
    {
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var vendor = new FakeOAuthVendor(app, baseAddress);
        app.MapGet("/oauth/authorize", (Delegate)vendor.ConsentPage);
        app.MapPost("/oauth/authorize/decision", (Delegate)vendor.DecisionAsync);
        app.MapPost("/oauth/token", (Delegate)vendor.TokenAsync);
        app.MapGet("/api/v1/devices", (Delegate)vendor.Devices);
        await app.StartAsync();
        return vendor;
    }

    /// <summary>Token requests wait until the returned scope is disposed (or the caller gives up).</summary>
    public IDisposable HoldTokenRequests()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hold = gate;
        return new Scope(() =>
        {
            hold = null;
            gate.TrySetResult();
        });
    }

    /// <summary>The token endpoint answers <paramref name="status"/> until the returned scope is disposed.</summary>
    public IDisposable FailTokenRequests(HttpStatusCode status)
    {
        failWith = (int)status;
        return new Scope(() => failWith = 0);
    }

    /// <summary>
    /// What a user's browser does on the consent page: submits Allow or Deny for the authorization URL the
    /// Authenticator sent it to, and answers where the vendor sends the browser back (the callback URL).
    /// </summary>
    public async Task<Uri> DecideAsync(Uri authorizationUrl, bool allow)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await client.GetAsync(authorizationUrl);
        if (consent.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The consent page answered {(int)consent.StatusCode}: {await consent.Content.ReadAsStringAsync()}");
        }

        var fields = QueryHelpers.ParseQuery(authorizationUrl.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
        fields["decision"] = allow ? "allow" : "deny";
        var decided = await client.PostAsync(new Uri(BaseAddress, "/oauth/authorize/decision"), new FormUrlEncodedContent(fields));
        return decided.Headers.Location ?? throw new InvalidOperationException($"The decision answered {(int)decided.StatusCode} without a Location.");
    }

    private IResult ConsentPage(HttpRequest request)
    {
        var query = request.Query;
        if (Problem(query["response_type"], query["client_id"], query["redirect_uri"], query["code_challenge"], query["code_challenge_method"], query["state"]) is { } problem)
        {
            return Results.Text(problem, "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var hidden = new StringBuilder();
        foreach (var (name, value) in query)
        {
            hidden.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(name)}\" value=\"{WebUtility.HtmlEncode(value.ToString())}\">");
        }

        var html = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Vendor: sign in</title></head>
            <body><h1>Allow NOX to see your heat pumps?</h1>
            <p>NOX asks for: {WebUtility.HtmlEncode(query["scope"].ToString())}</p>
            <form method="post" action="/oauth/authorize/decision">{hidden}
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private async Task<IResult> DecisionAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (Problem(form["response_type"], form["client_id"], form["redirect_uri"], form["code_challenge"], form["code_challenge_method"], form["state"]) is { } problem)
        {
            return Results.Text(problem, "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var redirectUri = form["redirect_uri"].ToString();
        var state = form["state"].ToString();
        if (form["decision"] != "allow")
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["error"] = "access_denied", ["state"] = state }));
        }

        var code = Secret("fv-code-");
        codes[code] = new PendingCode(redirectUri, form["code_challenge"].ToString());
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await http.Request.ReadFormAsync();
        if (hold is { } gate)
        {
            Interlocked.Increment(ref heldRequests);
            try
            {
                await gate.Task.WaitAsync(http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
            finally
            {
                Interlocked.Decrement(ref heldRequests);
            }
        }

        if (failWith != 0)
        {
            return Results.Json(new { error = "server_error", error_description = $"echoing {form["code"]}" }, statusCode: failWith);
        }

        if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        // A code is good for one exchange, with the redirect URI and the verifier it was issued for.
        if (!codes.TryRemove(form["code"].ToString(), out var pending)
            || form["redirect_uri"] != pending.RedirectUri
            || Challenge(form["code_verifier"].ToString()) != pending.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var accessToken = Secret("fv-access-");
        accessTokens[accessToken] = true;
        return Results.Json(new
        {
            access_token = accessToken,
            token_type = "Bearer",
            expires_in = 3600,
            refresh_token = Secret("fv-refresh-"),
            scope = Scopes,
        });
    }

    private IResult Devices(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !accessTokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            return Results.Json(new { error = "invalid_token" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return Results.Json(new { devices = DeviceIds.Select(id => new { id, model = "Fake 8 kW" }) });
    }

    private static string? Problem(string? responseType, string? clientId, string? redirectUri, string? challenge, string? method, string? state) =>
        responseType != "code" ? "response_type must be code"
        : clientId != ClientId ? "unknown client_id"
        : string.IsNullOrEmpty(redirectUri) ? "redirect_uri is required"
        : method != "S256" || string.IsNullOrEmpty(challenge) ? "PKCE with S256 is required"
        : string.IsNullOrEmpty(state) ? "state is required"
        : null;

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private string Secret(string prefix)
    {
        var secret = prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        issued.Enqueue(secret);
        return secret;
    }

    public async ValueTask DisposeAsync()
    {
        hold?.TrySetResult();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed record PendingCode(string RedirectUri, string CodeChallenge);

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
