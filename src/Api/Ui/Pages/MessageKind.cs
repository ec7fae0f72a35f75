namespace Nox.Api.Ui.Pages;

/// <summary>
/// The pages a link can end on instead of the connect page. A kind is its status code (below), its icon
/// (<see cref="MessageIcon"/>) and two texts per language, <c>{Kind}Title</c> and <c>{Kind}Message</c>.
/// </summary>
public enum MessageKind
{
    NotFound,
    Expired,
    Completed,
    Unavailable,

    /// <summary>A consent page's answer (its <c>state</c>) that is missing, unknown or used, or a start that names no brand with a consent page.</summary>
    InvalidRequest,

    /// <summary>The manufacturer failed or did not answer within 10 s; the page offers to try again.</summary>
    ConnectorFailed,

    /// <summary>The client address is over the Authenticator's rate limit (<c>Nox:RateLimits:AuthenticatorPerMinute</c>).</summary>
    TooManyRequests,
}

public static class MessageKinds
{
    public static int StatusCode(this MessageKind kind) => kind switch
    {
        MessageKind.NotFound => StatusCodes.Status404NotFound,
        MessageKind.Expired => StatusCodes.Status410Gone,
        MessageKind.Completed => StatusCodes.Status409Conflict,
        MessageKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        MessageKind.InvalidRequest => StatusCodes.Status400BadRequest,
        MessageKind.ConnectorFailed => StatusCodes.Status502BadGateway,
        MessageKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
