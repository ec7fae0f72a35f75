using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.OpenApi;
using Nox.Api.Suppliers;
using Nox.Suppliers;

namespace Nox.Api.Administration;

/// <summary>
/// The admin API: suppliers and their keys, behind <c>x-admin-key</c>, in an OpenAPI document of its own
/// (<see cref="DocumentName"/>). Changes go through the supplier directory, which publishes them to every API
/// instance; this instance then waits for its own copy to have them (<see cref="SupplierCatalog.RefreshAsync"/>)
/// before it answers. Each call is counted and each change logged by <see cref="AdminAudit"/>.
/// </summary>
public static class AdminEndpoints
{
    public const string Path = "/v2/admin/suppliers";

    /// <summary>The OpenAPI document of the admin API: <c>/openapi/admin.json</c>.</summary>
    public const string DocumentName = "admin";

    /// <summary>Longer path names cannot be suppliers (configuration names included): no grain is asked.</summary>
    private const int MaxPathNameLength = 255;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path)
            .WithGroupName(DocumentName)
            .WithTags(ApiTags.SupplierAdministration)
            .RequireHeaderKey(AdminApiKeyScheme.SchemeName)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            // The one AdminAudit of the process (its counter is created once).
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<AdminAudit>().InvokeAsync(context, next));

        group.MapPost("/", CreateAsync)
            .WithName("CreateSupplier")
            .WithSummary("Create a supplier")
            .Accepts<CreateSupplierRequest>("application/json")
            .WithMetadata(AdminOperation.Change("supplier.create"));

        group.MapGet("/", ListAsync)
            .WithName("ListSuppliers")
            .WithSummary("List suppliers")
            .WithMetadata(AdminOperation.Read("supplier.list"));

        group.MapGet("/{name}", GetAsync)
            .WithName("GetSupplier")
            .WithSummary("Retrieve a supplier")
            .WithMetadata(AdminOperation.Read("supplier.get"));

        group.MapPatch("/{name}", UpdateAsync)
            .WithName("UpdateSupplier")
            .WithSummary("Change a supplier")
            .Accepts<UpdateSupplierRequest>("application/json")
            .WithMetadata(AdminOperation.Change("supplier.update"));

        group.MapDelete("/{name}", DeleteAsync)
            .WithName("DeleteSupplier")
            .WithSummary("Delete a supplier and revoke its keys")
            .WithMetadata(AdminOperation.Change("supplier.delete"));

        group.MapPost("/{name}/api-keys", IssueKeyAsync)
            .WithName("IssueApiKey")
            .WithSummary("Issue an API key")
            .Accepts<IssueApiKeyRequest>(isOptional: true, "application/json")
            .WithMetadata(AdminOperation.Change("api_key.issue"));

        group.MapGet("/{name}/api-keys", ListKeysAsync)
            .WithName("ListApiKeys")
            .WithSummary("List a supplier's API keys")
            .WithMetadata(AdminOperation.Read("api_key.list"));

        group.MapPost("/{name}/api-keys/{id}/rotate", RotateKeyAsync)
            .WithName("RotateApiKey")
            .WithSummary("Rotate an API key")
            .Accepts<RotateApiKeyRequest>(isOptional: true, "application/json")
            .WithMetadata(AdminOperation.Change("api_key.rotate"));

        group.MapDelete("/{name}/api-keys/{id}", RevokeKeyAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithMetadata(AdminOperation.Change("api_key.revoke"));

        return app;
    }

    private static async Task<Results<Created<SupplierResponse>, RequestBodyProblem, ConflictProblem>> CreateAsync(
        HttpContext http,
        IClusterAccess cluster,
        SupplierCatalog catalog)
    {
        var (supplier, error) = await SupplierRequestReader.ReadCreateAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        AdminAudit.NoteSupplier(http, supplier!.Name);
        var result = await Directory(cluster).CreateAsync(supplier);
        switch (result.Outcome)
        {
            case SupplierAdminOutcome.SupplierExists:
                return new ConflictProblem($"A supplier named '{supplier.Name}' already exists.");
            case SupplierAdminOutcome.SupplierDeleted:
                return new ConflictProblem($"A supplier named '{supplier.Name}' was deleted; the names of deleted suppliers are not used again.");
        }

        await catalog.RefreshAsync();
        return TypedResults.Created($"{Path}/{supplier.Name}", SupplierResponse.From(result.Supplier!));
    }

    private static async Task<Ok<SupplierListResponse>> ListAsync(IClusterAccess cluster)
    {
        var suppliers = await Directory(cluster).ListAsync();
        return TypedResults.Ok(new SupplierListResponse([.. suppliers.Select(SupplierResponse.From)]));
    }

    private static async Task<Results<Ok<SupplierResponse>, NotFoundProblem>> GetAsync(string name, IClusterAccess cluster) =>
        !IsPossibleName(name) || await Supplier(cluster, name).GetDetailsAsync() is not { } supplier
            ? NoSupplier(name)
            : TypedResults.Ok(SupplierResponse.From(supplier));

    private static async Task<Results<Ok<SupplierResponse>, RequestBodyProblem, NotFoundProblem>> UpdateAsync(
        string name,
        HttpContext http,
        IClusterAccess cluster,
        SupplierCatalog catalog)
    {
        var (update, error) = await SupplierRequestReader.ReadUpdateAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        if (!IsPossibleName(name))
        {
            return NoSupplier(name);
        }

        var result = await Directory(cluster).UpdateAsync(name, update!);
        if (!result.Succeeded)
        {
            return NoSupplier(name);
        }

        await catalog.RefreshAsync();
        return TypedResults.Ok(SupplierResponse.From(result.Supplier!));
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(string name, IClusterAccess cluster, SupplierCatalog catalog)
    {
        if (!IsPossibleName(name) || !(await Directory(cluster).DeleteAsync(name)).Succeeded)
        {
            return NoSupplier(name);
        }

        await catalog.RefreshAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<IssuedApiKeyResponse>, RequestBodyProblem, NotFoundProblem>> IssueKeyAsync(
        string name,
        HttpContext http,
        IClusterAccess cluster,
        SupplierCatalog catalog)
    {
        var (expiresAt, error) = await ApiKeyRequestReader.ReadIssueAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        if (!IsPossibleName(name))
        {
            return NoSupplier(name);
        }

        var minted = MintedApiKey.Mint();
        var result = await Directory(cluster).IssueApiKeyAsync(name, minted.ToNewApiKey(expiresAt));
        switch (result.Outcome)
        {
            case SupplierAdminOutcome.SupplierNotFound:
                return NoSupplier(name);
            case SupplierAdminOutcome.ExpiryNotInFuture:
                return RequestBodyProblem.Invalid("expires_at must be in the future.", ApiKeyRequestReader.ExpiresAtMember);
        }

        return await IssuedAsync(http, catalog, result.Key!, minted);
    }

    private static async Task<Results<Ok<ApiKeyListResponse>, NotFoundProblem>> ListKeysAsync(string name, IClusterAccess cluster) =>
        !IsPossibleName(name) || await Supplier(cluster, name).GetApiKeysAsync() is not { } keys
            ? NoSupplier(name)
            : TypedResults.Ok(new ApiKeyListResponse([.. keys.Select(ApiKeyResponse.From)]));

    private static async Task<Results<Created<IssuedApiKeyResponse>, RequestBodyProblem, NotFoundProblem, ConflictProblem>> RotateKeyAsync(
        string name,
        string id,
        HttpContext http,
        IClusterAccess cluster,
        SupplierCatalog catalog)
    {
        var (graceSeconds, error) = await ApiKeyRequestReader.ReadRotateAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        if (!IsPossibleName(name))
        {
            return NoSupplier(name);
        }

        var minted = MintedApiKey.Mint();
        var result = await Directory(cluster).RotateApiKeyAsync(name, id, minted.ToNewApiKey(expiresAt: null), graceSeconds);
        return result.Outcome switch
        {
            SupplierAdminOutcome.SupplierNotFound => NoSupplier(name),
            SupplierAdminOutcome.KeyNotFound => NoKey(name),
            SupplierAdminOutcome.KeyNotActive => new ConflictProblem("The API key is revoked or expired: there is nothing to rotate. Issue a new key instead."),
            _ => await IssuedAsync(http, catalog, result.Key!, minted),
        };
    }

    private static async Task<Results<NoContent, NotFoundProblem>> RevokeKeyAsync(string name, string id, IClusterAccess cluster, SupplierCatalog catalog)
    {
        if (!IsPossibleName(name))
        {
            return NoSupplier(name);
        }

        var result = await Directory(cluster).RevokeApiKeyAsync(name, id);
        switch (result.Outcome)
        {
            case SupplierAdminOutcome.SupplierNotFound:
                return NoSupplier(name);
            case SupplierAdminOutcome.KeyNotFound:
                return NoKey(name);
        }

        await catalog.RefreshAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Created<IssuedApiKeyResponse>> IssuedAsync(HttpContext http, SupplierCatalog catalog, ApiKeyDetails key, MintedApiKey minted)
    {
        AdminAudit.NoteIssuedKey(http, key.Id);
        await catalog.RefreshAsync();
        // The key is in this body only: no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, IssuedApiKeyResponse.From(key, minted));
    }

    private static bool IsPossibleName(string name) => name.Length is > 0 and <= MaxPathNameLength;

    private static NotFoundProblem NoSupplier(string name) => new($"No supplier named '{name}'.");

    private static NotFoundProblem NoKey(string name) => new($"Supplier '{name}' has no API key with this id.");

    private static ISupplierDirectoryGrain Directory(IClusterAccess cluster) => cluster.Grains.GetGrain<ISupplierDirectoryGrain>(0);

    private static ISupplierGrain Supplier(IClusterAccess cluster, string name) => cluster.Grains.GetGrain<ISupplierGrain>(name);
}
