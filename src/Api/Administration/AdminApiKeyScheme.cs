using Nox.Api.Authentication;

namespace Nox.Api.Administration;

/// <summary>
/// <c>x-admin-key</c>: one of the configured admin keys (<see cref="AdminKeys"/>), for the admin API's route
/// group only. A supplier key is never an admin key: the two schemes share no keys and no endpoints.
/// </summary>
public sealed class AdminApiKeyScheme(AdminKeys keys) : HeaderKeyScheme
{
    public const string SchemeName = "AdminApiKey";

    public override string Name => SchemeName;

    public override string HeaderName => "x-admin-key";

    public override string Description => "An admin key of this NOX deployment (Nox:AdminApiKeys or Nox:AdminApiKeySha256). Never a supplier's API key.";

    public override string RefusedMessage => "Unknown x-admin-key.";

    /// <summary>Which admin key made the request (its configuration key): the actor of the audit log.</summary>
    public static string AdminOf(HttpContext context) =>
        context.Features.Get<AuthenticatedAdmin>()?.Name ?? throw new InvalidOperationException($"The endpoint does not require {SchemeName}.");

    public override ValueTask<bool> AuthenticateAsync(HttpContext http, string key)
    {
        if (keys.Find(key) is not { } admin)
        {
            return ValueTask.FromResult(false);
        }

        http.Features.Set(new AuthenticatedAdmin(admin));
        return ValueTask.FromResult(true);
    }

    /// <summary>The admin key a request authenticated with (its configuration key).</summary>
    private sealed record AuthenticatedAdmin(string Name);
}
