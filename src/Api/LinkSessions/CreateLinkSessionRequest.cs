using System.ComponentModel;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>The body of <c>POST /v2/supplier/link-sessions</c>, as documented in OpenAPI.</summary>
/// <remarks>
/// Only the shape: requests are read by <see cref="CreateLinkSessionRequestReader"/>, whose rules
/// <see cref="LinkSessionRequestSchemas"/> writes into the document.
/// </remarks>
public sealed record CreateLinkSessionRequest(
    [property: Description(CreateLinkSessionRequestReader.UserIdRule)]
    string UserId,
    [property: Description(CreateLinkSessionRequestReader.RedirectUrlRule)]
    string RedirectUrl,
    [property: Description("Optionally pre-select a manufacturer brand.")]
    Brand? Brand = null,
    [property: Description("Language for the Authenticator UI.")]
    [property: DefaultValue(Nox.LinkSessions.Language.Nl)]
    Language? Language = null);
