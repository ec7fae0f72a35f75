using Microsoft.Extensions.Options;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.Suppliers;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>The supplier API: create, retrieve and expire link sessions.</summary>
public static class SupplierLinkSessionEndpoints
{
    public const string Path = "/v2/supplier/link-sessions";

    public static IEndpointRouteBuilder MapSupplierLinkSessions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path)
            .WithTags("Supplier link sessions")
            .AddEndpointFilter<ApiKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/", CreateAsync)
            .WithName("CreateSupplierLinkSession")
            .WithSummary("Create supplier link session")
            .Accepts<CreateLinkSessionRequest>("application/json")
            .Produces<LinkSessionResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{link_token}", GetAsync)
            .WithName("GetSupplierLinkSession")
            .WithSummary("Retrieve a link session")
            .Produces<LinkSessionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{link_token}/expire", ExpireAsync)
            .WithName("ExpireSupplierLinkSession")
            .WithSummary("End a pending link session now")
            .Produces<LinkSessionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LinkSessionCreationBatcher creations, IOptions<NoxApiOptions> options)
    {
        var (request, error) = await CreateLinkSessionRequestReader.ReadAsync(http.Request, ApiKeyFilter.SupplierOf(http));
        if (error is not null)
        {
            return error;
        }

        var token = LinkToken.Mint();
        var session = await creations.CreateAsync(LinkToken.ToGrainKey(token), request!, http.RequestAborted);
        NoStore(http);
        return TypedResults.Created($"{Path}/{token}", LinkSessionResponse.From(session, token, options.Value.PublicBaseUrl));
    }

    private static async Task<IResult> GetAsync(string link_token, HttpContext http, IClusterAccess cluster, IOptions<NoxApiOptions> options)
    {
        if (!LinkToken.IsWellFormed(link_token))
        {
            return ApiErrors.NotFound();
        }

        var supplier = ApiKeyFilter.SupplierOf(http);
        var session = await cluster.Grains.Get<ILinkSessionGrain>(LinkToken.ToGrainKey(link_token)).GetForSupplierAsync(supplier.Name);
        return session is null ? ApiErrors.NotFound() : Ok(http, session, link_token, options.Value);
    }

    private static async Task<IResult> ExpireAsync(string link_token, HttpContext http, IClusterAccess cluster, IOptions<NoxApiOptions> options)
    {
        if (!LinkToken.IsWellFormed(link_token))
        {
            return ApiErrors.NotFound();
        }

        var supplier = ApiKeyFilter.SupplierOf(http);
        var result = await cluster.Grains.Get<ILinkSessionGrain>(LinkToken.ToGrainKey(link_token)).ExpireAsync(supplier.Name);
        return result.Outcome switch
        {
            LinkSessionOutcome.Succeeded => Ok(http, result.Session!, link_token, options.Value),
            LinkSessionOutcome.AlreadyCompleted => ApiErrors.Problem(StatusCodes.Status409Conflict, "The link session is already completed."),
            _ => ApiErrors.NotFound(),
        };
    }

    private static IResult Ok(HttpContext http, LinkSession session, string token, NoxApiOptions options)
    {
        NoStore(http);
        return TypedResults.Ok(LinkSessionResponse.From(session, token, options.PublicBaseUrl));
    }

    /// <summary>Bodies carry a bearer token: no cache may keep them.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
