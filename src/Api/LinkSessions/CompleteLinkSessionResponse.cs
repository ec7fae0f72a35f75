using System.ComponentModel;

namespace Nox.Api.LinkSessions;

/// <summary>Where the Authenticator page sends the user after a completion.</summary>
public sealed record CompleteLinkSessionResponse(
    [property: Description("The session's redirect_url with the data parameter appended.")] string RedirectTo);
