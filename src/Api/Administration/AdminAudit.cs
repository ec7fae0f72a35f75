using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Nox.Telemetry;

namespace Nox.Api.Administration;

/// <summary>
/// Every admin API call, counted (<c>nox.admin.operations</c>, Prometheus <c>nox_admin_operations_total</c>, by
/// <c>operation</c> and <c>outcome</c>), and every change logged as one structured line: which admin key (its
/// configuration key, never key material), what, which supplier and key, and how it ended. An endpoint filter
/// of the admin route group, so no handler can forget it.
/// </summary>
public sealed partial class AdminAudit : IEndpointFilter
{
    public const string InstrumentName = "nox.admin.operations";

    /// <summary>Where a handler leaves the id of a key it issued, for the audit line.</summary>
    private const string IssuedKeyItem = "nox.admin.issued-key";

    /// <summary>Where the create handler leaves the supplier's name (other operations have it in their route).</summary>
    private const string SupplierItem = "nox.admin.supplier";

    private readonly Counter<long> operations;
    private readonly ILogger<AdminAudit> logger;

    public AdminAudit(IMeterFactory meters, ILogger<AdminAudit> logger)
    {
        this.logger = logger;
        operations = meters.Create(NoxTelemetry.MeterName).CreateCounter<long>(
            InstrumentName,
            unit: "{operation}",
            description: "Admin API calls, by operation and outcome: succeeded, invalid, not_found, conflict, failed.");
    }

    /// <summary>Names the key a handler issued (issue, rotate) in the request's audit line.</summary>
    public static void NoteIssuedKey(HttpContext http, string keyId) => http.Items[IssuedKeyItem] = keyId;

    /// <summary>Names the supplier of a request whose route does not (create).</summary>
    public static void NoteSupplier(HttpContext http, string name) => http.Items[SupplierItem] = name;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var operation = http.GetEndpoint()?.Metadata.GetMetadata<AdminOperation>()
            ?? throw new InvalidOperationException("Every admin endpoint names its AdminOperation.");
        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
        {
            Record(http, operation, "failed");
            throw;
        }

        Record(http, operation, OutcomeOf(result));
        return result;
    }

    private void Record(HttpContext http, AdminOperation operation, string outcome)
    {
        operations.Add(1, new KeyValuePair<string, object?>("operation", operation.Name), new KeyValuePair<string, object?>("outcome", outcome));
        if (operation.Changes)
        {
            LogChange(
                operation.Name,
                outcome,
                AdminApiKeyScheme.AdminOf(http),
                http.GetRouteValue("name") as string ?? http.Items[SupplierItem] as string,
                http.GetRouteValue("id") as string,
                http.Items[IssuedKeyItem] as string);
        }
    }

    private static string OutcomeOf(object? result) => StatusOf(result) switch
    {
        >= 200 and < 300 => "succeeded",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status409Conflict => "conflict",
        >= 400 and < 500 => "invalid",
        _ => "failed",
    };

    private static int StatusOf(object? result) => result switch
    {
        INestedHttpResult nested => StatusOf(nested.Result),
        IStatusCodeHttpResult { StatusCode: { } status } => status,
        _ => StatusCodes.Status200OK,
    };

    [LoggerMessage(
        EventName = "AdminChange",
        Level = LogLevel.Information,
        Message = "Admin {Operation} {Outcome} by {Admin}: supplier {Supplier}, key {KeyId}, issued key {IssuedKeyId}")]
    private partial void LogChange(string operation, string outcome, string admin, string? supplier, string? keyId, string? issuedKeyId);
}
