using Microsoft.AspNetCore.Http.HttpResults;
using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.OpenApi;
using Nox.Api.RateLimits;
using Nox.Api.Suppliers;
using Nox.LinkSessions;
using Nox.Users;

namespace Nox.Api.Users;

/// <summary>
/// The supplier's users: read one, erase one (what a GDPR erasure request needs), or erase one brand. The user is
/// the NOX user of the caller's supplier and <c>{user_id}</c> (<see cref="NoxUserKey"/>), so a supplier can only
/// ever reach its own users.
/// </summary>
public static class SupplierUserEndpoints
{
    public const string Path = "/v2/supplier/users";

    public const string BrandMember = "brand";

    public static IEndpointRouteBuilder MapSupplierUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path)
            .WithTags(ApiTags.SupplierUsers)
            .RequireHeaderKey(SupplierApiKeyScheme.SchemeName)
            .RequireSupplierRateLimit()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/{user_id}", GetAsync)
            .WithName("GetSupplierUser")
            .WithSummary("Retrieve a user: the NOX user id and the connected brands");

        group.MapDelete("/{user_id}", DeleteAsync)
            .WithName("DeleteSupplierUser")
            .WithSummary("Erase a user: the NOX user, its device links and stored brand credentials");

        group.MapDelete("/{user_id}/brands/{brand}", DeleteBrandAsync)
            .WithName("DeleteSupplierUserBrand")
            .WithSummary("Erase one brand of a user: its devices and stored credentials");

        return app;
    }

    private static async Task<Results<Ok<SupplierUserResponse>, BadRequestProblem, NotFoundProblem>> GetAsync(
        string user_id,
        HttpContext http,
        IClusterAccess cluster)
    {
        var (userId, error) = SupplierUserPath.Read(http, user_id);
        if (error is not null)
        {
            return new BadRequestProblem(error, SupplierUserPath.UserIdMember);
        }

        var supplier = SupplierApiKeyScheme.SupplierOf(http).Name;
        var user = await UserGrain(cluster, supplier, userId!).GetAsync();
        if (user is null || !string.Equals(user.Supplier, supplier, StringComparison.Ordinal))
        {
            return new NotFoundProblem("No user with this user_id.");
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(SupplierUserResponse.From(user));
    }

    private static async Task<Results<NoContent, BadRequestProblem>> DeleteAsync(string user_id, HttpContext http, IClusterAccess cluster)
    {
        var (userId, error) = SupplierUserPath.Read(http, user_id);
        if (error is not null)
        {
            return new BadRequestProblem(error, SupplierUserPath.UserIdMember);
        }

        await UserGrain(cluster, SupplierApiKeyScheme.SupplierOf(http).Name, userId!).DeleteAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, BadRequestProblem>> DeleteBrandAsync(string user_id, string brand, HttpContext http, IClusterAccess cluster)
    {
        var (userId, error) = SupplierUserPath.Read(http, user_id);
        if (error is not null)
        {
            return new BadRequestProblem(error, SupplierUserPath.UserIdMember);
        }

        if (!BrandNames.TryParse(brand, out var parsed))
        {
            return new BadRequestProblem($"brand must be one of: {string.Join(", ", BrandNames.WireNames)} (percent-encoded: saunier%20duval).", BrandMember);
        }

        await UserGrain(cluster, SupplierApiKeyScheme.SupplierOf(http).Name, userId!).UnlinkBrandAsync(parsed);
        return TypedResults.NoContent();
    }

    private static INoxUserGrain UserGrain(IClusterAccess cluster, string supplier, string userId) =>
        cluster.Grains.GetGrain<INoxUserGrain>(NoxUserKey.For(supplier, userId));
}
