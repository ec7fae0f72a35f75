namespace Nox.Api.OpenApi;

/// <summary>The OpenAPI documents' tags: each endpoint names its tag from here, and its document describes it.</summary>
public static class ApiTags
{
    public const string SupplierLinkSessions = "Supplier link sessions";

    public const string SupplierWebhooks = "Supplier webhooks";
    public const string SupplierUsers = "Supplier users";

    public const string AuthenticatorUi = "Authenticator UI";

    public const string SupplierAdministration = "Supplier administration";

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [SupplierLinkSessions] =
            "Create a link session for one of your end-users, send them to its link_url, and read or end it. " +
            "Every call carries the supplier's x-api-key.",
        [SupplierWebhooks] =
            "Your webhook endpoints and the events sent to them: link_session.opened, link_session.completed, " +
            "link_session.expired, user.deleted and webhook.test, signed with the endpoint's secret (X-Webhook-Signature " +
            "and Standard Webhooks' webhook-signature), delivered at least once with the same id. Every call carries " +
            "the supplier's x-api-key.",
        [SupplierUsers] =
            "Your end-users as NOX knows them: the NOX user id and the connected brands. Erase a user (a GDPR erasure " +
            "request) or one brand. The user_id is percent-encoded in the path. Every call carries the supplier's x-api-key.",
        [AuthenticatorUi] =
            "What the NOX Authenticator page calls in the end-user's browser. The link token is the credential; " +
            "requests from other sites are refused.",
        [SupplierAdministration] =
            "For the operators of this NOX deployment: create suppliers, issue, rotate and revoke their API keys. " +
            "Every call carries an x-admin-key; a change reaches every API instance within 5 seconds.",
    };
}
