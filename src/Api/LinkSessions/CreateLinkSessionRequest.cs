using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>The body of <c>POST /v2/supplier/link-sessions</c>, as documented in OpenAPI.</summary>
/// <remarks>Requests are read by <see cref="CreateLinkSessionRequestReader"/>, which gives each rule its own error.</remarks>
public sealed record CreateLinkSessionRequest(
    [property: Description("The supplier's internal user ID for the end-user. 1–255 characters, no control characters.")]
    [property: Required, StringLength(255, MinimumLength = 1)]
    string UserId,
    [property: Description("Where the user is sent after completing the flow. Must equal one of the supplier's allowed redirect URLs; https, or http for localhost only.")]
    [property: Required, Url]
    string RedirectUrl,
    [property: Description("Optionally pre-select a manufacturer brand.")]
    Brand? Brand = null,
    [property: Description("Language for the Authenticator UI.")]
    [property: DefaultValue(Nox.LinkSessions.Language.Nl)]
    Language? Language = null);
