using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nox.Api.Authentication;

namespace Nox.Api.Administration;

/// <summary>
/// <c>x-admin-key</c>: one of the configured admin keys (<see cref="AdminKeys"/>), for the admin API's route
/// group only. A supplier key is never an admin key: the two schemes share no keys and no endpoints.
/// </summary>
public sealed class AdminApiKeyHandler(
    AdminKeys keys,
    IOptionsMonitor<HeaderKeyAuthenticationOptions> options,
    UrlEncoder encoder)
    : HeaderKeyAuthenticationHandler(options, encoder)
{
    public const string SchemeName = "AdminApiKey";

    public const string HeaderName = "x-admin-key";

    public const string Description = "An admin key of this NOX deployment (Nox:AdminApiKeys or Nox:AdminApiKeySha256). Never a supplier's API key.";

    /// <summary>Which admin key made the request (its configuration key): the actor of the audit log.</summary>
    public static string AdminOf(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException($"The endpoint does not require {SchemeName}.");

    protected override ValueTask<AuthenticateResult> AuthenticateKeyAsync(string key) =>
        ValueTask.FromResult(keys.Find(key) is { } admin ? Success(admin) : AuthenticateResult.Fail("Unknown x-admin-key."));
}
