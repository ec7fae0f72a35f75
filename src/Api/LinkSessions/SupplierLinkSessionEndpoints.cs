using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.Idempotency;
using Nox.Api.OpenApi;
using Nox.Api.RateLimits;
using Nox.Api.Suppliers;
using Nox.Idempotency;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>
/// The supplier API: create, retrieve and expire link sessions. Each handler's result type lists what it
/// answers, and the OpenAPI document lists it from there; 401 comes from the group's key requirement,
/// 503 from <see cref="ApiExceptionHandler"/>.
/// </summary>
public static class SupplierLinkSessionEndpoints
{
    public const string Path = "/v2/supplier/link-sessions";

    public static IEndpointRouteBuilder MapSupplierLinkSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path)
            .WithTags(ApiTags.SupplierLinkSessions)
            .RequireHeaderKey(SupplierApiKeyScheme.SchemeName)
            .RequireSupplierRateLimit()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/", CreateAsync)
            .WithName("CreateSupplierLinkSession")
            .WithSummary("Create supplier link session")
            .Accepts<CreateLinkSessionRequest>("application/json")
            .WithMetadata(AcceptsIdempotencyKey.Instance);

        group.MapGet("/{link_token}", GetAsync)
            .WithName("GetSupplierLinkSession")
            .WithSummary("Retrieve a link session");

        group.MapPost("/{link_token}/expire", ExpireAsync)
            .WithName("ExpireSupplierLinkSession")
            .WithSummary("End a pending link session now");

        return app;
    }

    public static string PathFor(string token) => $"{Path}/{token}";

    private static async Task<Results<Created<LinkSessionResponse>, RequestBodyProblem, IdempotencyProblem>> CreateAsync(
        HttpContext http,
        LinkSessionCreationBatcher creations,
        TimeProvider time,
        IOptions<NoxApiOptions> options)
    {
        var (idempotencyKey, keyError) = IdempotencyKeyHeader.Read(http.Request);
        if (keyError is not null)
        {
            return keyError;
        }

        var (request, error) = await CreateLinkSessionRequestReader.ReadAsync(http.Request, SupplierApiKeyScheme.SupplierOf(http));
        if (error is not null)
        {
            return error;
        }

        if (idempotencyKey is not null)
        {
            return await CreateIdempotentlyAsync(http, SupplierIdempotencyKey.For(request!.Supplier, idempotencyKey), request, options.Value);
        }

        var token = LinkToken.Mint();
        var session = await creations.CreateAsync(LinkToken.ToGrainKey(token), request!, http.RequestAborted, token, RequestArrival.Of(http, time));
        return Created(http, session, token, options.Value);
    }

    /// <summary>
    /// A create under an <c>Idempotency-Key</c>: its grain decides, and opens the session through the same
    /// factory as any create (not through the batcher: the grain's call carries it). Replays answer the
    /// first session and token again, so the body is the first one's, byte for byte.
    /// </summary>
    private static async Task<Results<Created<LinkSessionResponse>, RequestBodyProblem, IdempotencyProblem>> CreateIdempotentlyAsync(
        HttpContext http,
        SupplierIdempotencyKey key,
        NewLinkSession request,
        NoxApiOptions options)
    {
        // Resolved here rather than as a handler parameter: a create without the header does no more work than before.
        var cluster = http.RequestServices.GetRequiredService<IClusterAccess>();
        var token = LinkToken.Mint();
        var result = await cluster.Grains.Get<IIdempotencyKeyGrain>(key.GrainKey)
            .CreateLinkSessionAsync(new IdempotentLinkSessionCreation(LinkToken.ToGrainKey(token), request, key.Seal(token), token));
        switch (result.Outcome)
        {
            case IdempotencyOutcome.InFlight:
                return IdempotencyProblem.InFlight();
            case IdempotencyOutcome.Mismatch:
                return IdempotencyProblem.Mismatch();
            case IdempotencyOutcome.Replayed:
                token = key.Unseal(result.SealedToken!);
                http.Response.Headers[IdempotencyKeyHeader.ReplayedName] = "true";
                break;
        }

        return Created(http, result.Session!, token, options);
    }

    private static async Task<Results<Ok<LinkSessionResponse>, NotFoundProblem>> GetAsync(
        string link_token,
        HttpContext http,
        IClusterAccess cluster,
        IOptions<NoxApiOptions> options)
    {
        if (!LinkToken.IsWellFormed(link_token))
        {
            return new NotFoundProblem();
        }

        var supplier = SupplierApiKeyScheme.SupplierOf(http);
        var session = await cluster.Grains.Get<ILinkSessionGrain>(LinkToken.ToGrainKey(link_token)).GetForSupplierAsync(supplier.Name);
        return session is null ? new NotFoundProblem() : Ok(http, session, link_token, options.Value);
    }

    private static async Task<Results<Ok<LinkSessionResponse>, NotFoundProblem, ConflictProblem>> ExpireAsync(
        string link_token,
        HttpContext http,
        IClusterAccess cluster,
        IOptions<NoxApiOptions> options)
    {
        if (!LinkToken.IsWellFormed(link_token))
        {
            return new NotFoundProblem();
        }

        var supplier = SupplierApiKeyScheme.SupplierOf(http);
        var result = await cluster.Grains.Get<ILinkSessionGrain>(LinkToken.ToGrainKey(link_token)).ExpireAsync(supplier.Name);
        return result.Outcome switch
        {
            LinkSessionOutcome.Succeeded => Ok(http, result.Session!, link_token, options.Value),
            LinkSessionOutcome.AlreadyCompleted => new ConflictProblem("The link session is already completed."),
            _ => new NotFoundProblem(),
        };
    }

    private static Created<LinkSessionResponse> Created(HttpContext http, LinkSession session, string token, NoxApiOptions options)
    {
        NoStore(http);
        return TypedResults.Created(PathFor(token), LinkSessionResponse.From(session, token, options.PublicBaseUrl));
    }

    private static Ok<LinkSessionResponse> Ok(HttpContext http, LinkSession session, string token, NoxApiOptions options)
    {
        NoStore(http);
        return TypedResults.Ok(LinkSessionResponse.From(session, token, options.PublicBaseUrl));
    }

    /// <summary>Bodies carry a bearer token: no cache may keep them.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
