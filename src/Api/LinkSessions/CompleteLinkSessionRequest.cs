using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>The body of <c>POST /v2/link-sessions/{link_token}/complete</c>, as documented in OpenAPI.</summary>
/// <remarks>Requests are read by <see cref="CompleteLinkSessionRequestReader"/>.</remarks>
public sealed record CompleteLinkSessionRequest(
    [property: Description("The brand the user connected.")]
    [property: Required]
    Brand Brand);
