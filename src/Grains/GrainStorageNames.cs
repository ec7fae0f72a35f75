namespace Nox;

/// <summary>Names of the grain storage providers. Sessions and idempotency records have their own so only their entries get a TTL.</summary>
public static class GrainStorageNames
{
    public const string Sessions = "sessions";
    public const string Suppliers = "suppliers";
    public const string Users = "users";
    public const string Idempotency = "idempotency";

    /// <summary>Webhook endpoints and the sweepers' progress.</summary>
    public const string Webhooks = "webhooks";

    /// <summary>Every provider name grains use.</summary>
    public static IReadOnlyList<string> All { get; } = [Sessions, Suppliers, Users, Idempotency, Webhooks];
}
