using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Nox.Api.Authentication;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.OpenApi;
using Nox.Api.RateLimits;
using Nox.Api.Suppliers;
using Nox.Webhooks;

namespace Nox.Api.Webhooks;

/// <summary>
/// Webhooks, self-service with the supplier's API key: the supplier's endpoints, the test call, its event log and
/// redelivery. The grains decide; this validates, forwards and maps outcomes. A supplier only ever reaches its own
/// endpoints and events (every grain call names the caller's supplier).
/// </summary>
public static class SupplierWebhookEndpoints
{
    public const string EndpointsPath = "/v2/supplier/webhook-endpoints";
    public const string EventsPath = "/v2/supplier/events";
    public const string LimitParameter = "limit";
    public const string StartingAfterParameter = "starting_after";

    private static readonly NotFoundProblem EndpointNotFound = new("No webhook endpoint with this id.");

    public static IEndpointRouteBuilder MapSupplierWebhooks(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup(EndpointsPath)
            .WithTags(ApiTags.SupplierWebhooks)
            .RequireHeaderKey(SupplierApiKeyScheme.SchemeName)
            .RequireSupplierRateLimit()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        endpoints.MapPost("/", CreateAsync)
            .WithName("CreateWebhookEndpoint")
            .WithSummary("Add a webhook endpoint (at most 5); the answer carries its signing secret, shown only here")
            .Accepts<CreateWebhookEndpointRequest>("application/json");
        endpoints.MapGet("/", ListAsync).WithName("ListWebhookEndpoints").WithSummary("List the webhook endpoints");
        endpoints.MapPatch("/{id}", UpdateAsync)
            .WithName("UpdateWebhookEndpoint")
            .WithSummary("Change an endpoint's URL, events or enabled")
            .Accepts<UpdateWebhookEndpointRequest>("application/json");
        endpoints.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhookEndpoint").WithSummary("Remove a webhook endpoint");
        endpoints.MapPost("/{id}/rotate-secret", RotateSecretAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret; the old one keeps signing beside it for 24 hours");
        endpoints.MapPost("/{id}/test", TestAsync).WithName("TestWebhookEndpoint").WithSummary("Send a webhook.test event now and tell what the endpoint answered");

        var events = app.MapGroup(EventsPath)
            .WithTags(ApiTags.SupplierWebhooks)
            .RequireHeaderKey(SupplierApiKeyScheme.SchemeName)
            .RequireSupplierRateLimit()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        events.MapGet("/", ListEventsAsync).WithName("ListWebhookEvents").WithSummary("The events of the last 7 days, newest first, with their deliveries");
        events.MapPost("/{id}/redeliver", RedeliverAsync).WithName("RedeliverWebhookEvent").WithSummary("Send an event again to every endpoint subscribed to its type");
        return app;
    }

    private static async Task<Results<Created<CreatedWebhookEndpointResponse>, RequestBodyProblem, ConflictProblem>> CreateAsync(HttpContext http, IClusterAccess cluster)
    {
        var (request, error) = await WebhookEndpointRequestReader.ReadCreateAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        var result = await Endpoints(http, cluster).CreateAsync(request!.Url, request.Events);
        NoStore(http);
        return result.Outcome switch
        {
            WebhookEndpointOutcome.Succeeded => TypedResults.Created($"{EndpointsPath}/{result.Endpoint!.Id}", CreatedWebhookEndpointResponse.From(result.Endpoint, result.Secret!)),
            WebhookEndpointOutcome.LimitReached => new ConflictProblem(result.Error!),
            _ => RequestBodyProblem.Invalid(result.Error!, result.Field),
        };
    }

    private static async Task<Ok<WebhookEndpointListResponse>> ListAsync(HttpContext http, IClusterAccess cluster)
    {
        var all = await Endpoints(http, cluster).ListAsync();
        return TypedResults.Ok(new WebhookEndpointListResponse([.. all.Select(WebhookEndpointResponse.From)]));
    }

    private static async Task<Results<Ok<WebhookEndpointResponse>, RequestBodyProblem, NotFoundProblem>> UpdateAsync(string id, HttpContext http, IClusterAccess cluster)
    {
        if (!WebhookIds.IsEndpoint(id))
        {
            return EndpointNotFound;
        }

        var (change, error) = await WebhookEndpointRequestReader.ReadUpdateAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        var result = await Endpoints(http, cluster).UpdateAsync(id, change!);
        return result.Outcome switch
        {
            WebhookEndpointOutcome.Succeeded => TypedResults.Ok(WebhookEndpointResponse.From(result.Endpoint!)),
            WebhookEndpointOutcome.NotFound => EndpointNotFound,
            _ => RequestBodyProblem.Invalid(result.Error!, result.Field),
        };
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(string id, HttpContext http, IClusterAccess cluster) =>
        WebhookIds.IsEndpoint(id) && await Endpoints(http, cluster).DeleteAsync(id) ? TypedResults.NoContent() : EndpointNotFound;

    private static async Task<Results<Ok<WebhookSecretResponse>, NotFoundProblem>> RotateSecretAsync(string id, HttpContext http, IClusterAccess cluster)
    {
        if (!WebhookIds.IsEndpoint(id) || await Endpoints(http, cluster).RotateSecretAsync(id) is not { Outcome: WebhookEndpointOutcome.Succeeded } result)
        {
            return EndpointNotFound;
        }

        NoStore(http);
        return TypedResults.Ok(new WebhookSecretResponse(result.Secret!));
    }

    private static async Task<Results<Ok<WebhookTestResponse>, NotFoundProblem>> TestAsync(string id, HttpContext http, IClusterAccess cluster) =>
        WebhookIds.IsEndpoint(id) && await Endpoints(http, cluster).TestAsync(id) is { } result
            ? TypedResults.Ok(new WebhookTestResponse(result.Delivered, result.StatusCode, result.Error))
            : EndpointNotFound;

    private static async Task<Results<Ok<WebhookEventListResponse>, BadRequestProblem>> ListEventsAsync(
        HttpContext http,
        IClusterAccess cluster,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = LimitParameter)] string? limit,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = StartingAfterParameter)] string? startingAfter)
    {
        var size = WebhookEventLogLimits.DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > WebhookEventLogLimits.MaxPageSize))
        {
            return new BadRequestProblem($"limit must be an integer from 1 to {WebhookEventLogLimits.MaxPageSize}.", LimitParameter);
        }

        var unknownCursor = new BadRequestProblem("starting_after must be the id of an event of the last 7 days.", StartingAfterParameter);
        if (startingAfter is not null && !WebhookIds.IsEvent(startingAfter))
        {
            return unknownCursor;
        }

        var page = await cluster.Grains.GetGrain<IWebhookEventLogGrain>(0).ListAsync(Supplier(http), size, startingAfter);
        if (!page.CursorFound)
        {
            return unknownCursor;
        }

        // Event data can carry a link token.
        NoStore(http);
        return TypedResults.Ok(new WebhookEventListResponse([.. page.Events.Select(WebhookEventResponse.From)], page.HasMore));
    }

    private static async Task<Results<Accepted, NotFoundProblem>> RedeliverAsync(string id, HttpContext http, IClusterAccess cluster) =>
        WebhookIds.IsEvent(id) && await cluster.Grains.GetGrain<IWebhookEventLogGrain>(0).RedeliverAsync(Supplier(http), id)
            ? TypedResults.Accepted((string?)null)
            : new NotFoundProblem("No event with this id in the last 7 days.");

    private static string Supplier(HttpContext http) => SupplierApiKeyScheme.SupplierOf(http).Name;

    private static IWebhookEndpointsGrain Endpoints(HttpContext http, IClusterAccess cluster) =>
        cluster.Grains.GetGrain<IWebhookEndpointsGrain>(Supplier(http));

    /// <summary>Secrets and event data must not be kept by any cache.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
