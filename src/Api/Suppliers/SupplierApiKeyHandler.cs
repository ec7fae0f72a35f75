using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nox.Api.Authentication;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// <c>x-api-key</c>: resolves the key to its supplier through <see cref="SupplierCatalog"/> (in memory, no
/// grain call) for the supplier API's route group, which requires the scheme of the same name, and notes the
/// key's use for its <c>last_used_at</c> (<see cref="ApiKeyUsage"/>, in memory).
/// </summary>
public sealed class SupplierApiKeyHandler(
    SupplierCatalog catalog,
    ApiKeyUsage usage,
    IOptionsMonitor<HeaderKeyAuthenticationOptions> options,
    UrlEncoder encoder)
    : HeaderKeyAuthenticationHandler(options, encoder)
{
    public const string SchemeName = "SupplierApiKey";

    public const string HeaderName = "x-api-key";

    public const string Description = "The supplier's API key. Every supplier API call carries it; NOX issues it to the supplier.";

    /// <summary>The supplier whose key authenticated the request.</summary>
    public static SupplierConfiguration SupplierOf(HttpContext context) =>
        context.Features.Get<SupplierConfiguration>() ?? throw new InvalidOperationException($"The endpoint does not require {SchemeName}.");

    protected override async ValueTask<AuthenticateResult> AuthenticateKeyAsync(string key)
    {
        if (await catalog.FindByApiKeyAsync(key) is not { } authenticated)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        usage.Record(authenticated.Supplier.Name, authenticated.KeyId);
        Context.Features.Set(authenticated.Supplier);
        return Success(authenticated.Supplier.Name);
    }
}
