using Nox.Api.Authentication;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>
/// <c>x-api-key</c>: resolves the key to its supplier through <see cref="SupplierCatalog"/> (in memory, no
/// grain call) for the supplier API's route groups, and notes the key's use for its <c>last_used_at</c>
/// (<see cref="ApiKeyUsage"/>, in memory).
/// </summary>
public sealed class SupplierApiKeyScheme(SupplierCatalog catalog, ApiKeyUsage usage) : HeaderKeyScheme
{
    public const string SchemeName = "SupplierApiKey";

    public const string Header = "x-api-key";

    public override string Name => SchemeName;

    public override string HeaderName => Header;

    public override string Description => "The supplier's API key. Every supplier API call carries it; NOX issues it to the supplier.";

    public override string RefusedMessage => "Unknown or revoked API key.";

    /// <summary>The supplier whose key authenticated the request.</summary>
    public static SupplierConfiguration SupplierOf(HttpContext context) =>
        context.Features.Get<SupplierConfiguration>() ?? throw new InvalidOperationException($"The endpoint does not require {SchemeName}.");

    public override async ValueTask<bool> AuthenticateAsync(HttpContext http, string key)
    {
        if (await catalog.FindByApiKeyAsync(key) is not { } authenticated)
        {
            return false;
        }

        usage.Record(authenticated.Supplier.Name, authenticated.KeyId);
        http.Features.Set(authenticated.Supplier);
        return true;
    }
}
