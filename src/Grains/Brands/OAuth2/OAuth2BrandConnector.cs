using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Nox.LinkSessions;

namespace Nox.Brands.OAuth2;

/// <summary>
/// A brand connected through OAuth 2.0 authorization code with PKCE (RFC 6749 §4.1, RFC 7636), configured by
/// <see cref="OAuth2BrandOptions"/>. The exchange is small and explicit: one form POST to the token endpoint
/// (<c>grant_type=authorization_code</c>, the code, the redirect URI, the verifier and the client credentials
/// in the form), one GET of the devices endpoint with the access token as <c>Bearer</c>, and the device ids
/// picked out by <see cref="OAuth2BrandOptions.DeviceIdsPath"/>. The tokens leave encrypted
/// (<see cref="BrandCredentialVault"/>). Failures throw with the status code at most, never the vendor's
/// answer, which may echo credentials; <see cref="BrandConnections"/> applies the 10 s deadline.
/// </summary>
public sealed class OAuth2BrandConnector(
    Brand brand,
    OAuth2BrandOptions options,
    IHttpClientFactory clients,
    BrandCredentialVault vault,
    TimeProvider clock) : IAuthorizationBrandConnector
{
    /// <summary>Each brand has its own client, so one failing vendor opens only its own circuit.</summary>
    public static string HttpClientName(Brand brand) => $"nox.brand.{BrandsOptions.KeyOf(brand)}";

    private readonly JsonPathSubset deviceIdsPath = JsonPathSubset.Parse(options.DeviceIdsPath);

    public string AuthorizationUrl(string redirectUri, string codeChallenge)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = options.ClientId,
            ["redirect_uri"] = redirectUri,
        };
        if (!string.IsNullOrWhiteSpace(options.Scopes))
        {
            parameters["scope"] = options.Scopes.Trim();
        }

        parameters["code_challenge"] = codeChallenge;
        parameters["code_challenge_method"] = Pkce.Method;
        return QueryHelpers.AddQueryString(options.AuthorizationEndpoint, parameters);
    }

    public async Task<BrandConnection> ConnectAsync(BrandAccount account, CancellationToken cancellationToken)
    {
        var grant = account.Grant ?? throw new InvalidOperationException($"The {brand.ToWireName()} connector needs the user's grant.");
        var client = clients.CreateClient(HttpClientName(brand));
        var tokens = await ExchangeAsync(client, grant, cancellationToken);
        var deviceIds = await ReadDeviceIdsAsync(client, tokens.AccessToken, cancellationToken);
        return new BrandConnection(deviceIds, vault.Protect(account.Supplier, account.SupplierUserId, brand, tokens));
    }

    private async Task<BrandTokens> ExchangeAsync(HttpClient client, BrandGrant grant, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", grant.Code),
            new("redirect_uri", grant.RedirectUri),
            new("code_verifier", grant.CodeVerifier),
            new("client_id", options.ClientId),
        };
        if (!string.IsNullOrEmpty(options.ClientSecret))
        {
            form.Add(new("client_secret", options.ClientSecret));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, cancellationToken);
        using var body = await ReadJsonAsync(response, "token", cancellationToken);
        var root = body.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("access_token", out var accessToken) || accessToken.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(accessToken.GetString()))
        {
            throw new BrandVendorException($"The {brand.ToWireName()} token endpoint answered no access_token.");
        }

        long? expiresAt = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt64(out var seconds)
            ? clock.GetUtcNow().ToUnixTimeSeconds() + seconds
            : null;
        return new BrandTokens(accessToken.GetString()!, StringOrNull(root, "refresh_token"), expiresAt, StringOrNull(root, "scope"));
    }

    private async Task<System.Collections.Immutable.ImmutableArray<string>> ReadDeviceIdsAsync(HttpClient client, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, options.DevicesEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, cancellationToken);
        using var body = await ReadJsonAsync(response, "devices", cancellationToken);
        return deviceIdsPath.SelectStrings(body.RootElement);
    }

    /// <summary>The answer as JSON; a failure names the endpoint and the status, never the body.</summary>
    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string endpoint, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new BrandVendorException($"The {brand.ToWireName()} {endpoint} endpoint answered {(int)response.StatusCode}.");
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            throw new BrandVendorException($"The {brand.ToWireName()} {endpoint} endpoint answered something other than JSON.");
        }
    }

    private static string? StringOrNull(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
