using Nox.Api.Errors;
using Nox.Suppliers;

namespace Nox.Api.Suppliers;

/// <summary>Resolves <c>x-api-key</c> to a supplier for every supplier endpoint, or answers 401.</summary>
public sealed class ApiKeyFilter(SupplierCatalog catalog) : IEndpointFilter
{
    public const string HeaderName = "x-api-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = http.Request.Headers[HeaderName];
        if (keys.Count != 1 || string.IsNullOrEmpty(keys[0]))
        {
            return ApiErrors.Unauthorized("Missing x-api-key header.");
        }

        if (await catalog.FindByApiKeyAsync(keys[0]!) is not { } supplier)
        {
            return ApiErrors.Unauthorized("Unknown or revoked API key.");
        }

        http.Features.Set(supplier);
        return await next(context);
    }

    public static SupplierConfiguration SupplierOf(HttpContext context) =>
        context.Features.Get<SupplierConfiguration>() ?? throw new InvalidOperationException("The endpoint has no ApiKeyFilter.");
}
