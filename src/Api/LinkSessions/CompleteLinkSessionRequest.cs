using System.ComponentModel;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>The body of <c>POST /v2/link-sessions/{link_token}/complete</c>, as documented in OpenAPI.</summary>
/// <remarks>
/// Only the shape: requests are read by <see cref="CompleteLinkSessionRequestReader"/>, whose rules
/// <see cref="LinkSessionRequestSchemas"/> writes into the document.
/// </remarks>
public sealed record CompleteLinkSessionRequest(
    [property: Description("The brand the user connected.")]
    Brand Brand);
