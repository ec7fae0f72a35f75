using System.ComponentModel;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>A link session as the supplier API returns it; members in the order of the original API page.</summary>
public sealed record LinkSessionResponse(
    [property: Description("Full URL to send the end-user to: the NOX Authenticator UI.")] string LinkUrl,
    [property: Description("Unique token identifying this link session; a bearer credential for the UI.")] string LinkToken,
    [property: Description("Language for the Authenticator UI.")] Language Language,
    [property: Description("The redirect URL that was provided.")] string RedirectUrl,
    [property: Description("Name of the supplier (resolved from the API key).")] string Supplier,
    [property: Description("The supplier's user ID.")] string SupplierUserId,
    [property: Description("Unix time (seconds) the session was created.")] long CreatedAt,
    [property: Description("Unix time (seconds) after which the session can no longer be completed.")] long ExpiresAt,
    [property: Description("Pre-selected brand, if provided.")] Brand? Brand,
    [property: Description("Unix time (seconds) the session was completed; null until then.")] long? CompletedAt,
    [property: Description("pending, completed or expired.")] LinkSessionStatus Status)
{
    public static LinkSessionResponse From(LinkSession session, string token, string publicBaseUrl) => new(
        $"{publicBaseUrl.TrimEnd('/')}/ui?token={token}&language={session.Language.ToCode()}",
        token,
        session.Language,
        session.RedirectUrl,
        session.Supplier,
        session.SupplierUserId,
        session.CreatedAt,
        session.ExpiresAt,
        session.Brand,
        session.CompletedAt,
        session.Status);
}
