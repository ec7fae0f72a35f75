using Microsoft.AspNetCore.Http.HttpResults;
using Nox.Api.Errors;
using Nox.Api.Hosting;
using Nox.Api.OpenApi;
using Nox.Api.Ui;
using Nox.LinkSessions;

namespace Nox.Api.LinkSessions;

/// <summary>
/// <c>POST /v2/link-sessions/{link_token}/complete</c>, what the Authenticator page calls. No API key: the
/// token is the credential. The session grain decides; this only validates, forwards and maps outcomes.
/// </summary>
public static class LinkSessionCompletionEndpoints
{
    public const string Path = "/v2/link-sessions";

    /// <summary>Where the page of the session with <paramref name="token"/> posts its completion.</summary>
    public static string PathFor(string token) => $"{Path}/{token}/complete";

    public static IEndpointRouteBuilder MapLinkSessionCompletion(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{Path}/{{link_token}}/complete", CompleteAsync)
            .AddEndpointFilter<SameOriginFilter>()
            .WithTags(ApiTags.AuthenticatorUi)
            .WithName("CompleteLinkSession")
            .WithSummary("Complete a link session (called by the Authenticator page)")
            .Accepts<CompleteLinkSessionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<CompleteLinkSessionResponse>, RequestBodyProblem, NotFoundProblem, ConflictProblem, GoneProblem>> CompleteAsync(
        string link_token,
        HttpContext http,
        IClusterAccess cluster)
    {
        if (!LinkToken.IsWellFormed(link_token))
        {
            return new NotFoundProblem();
        }

        var (brand, error) = await CompleteLinkSessionRequestReader.ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        var result = await cluster.Grains.Get<ILinkSessionGrain>(LinkToken.ToGrainKey(link_token)).CompleteAsync(brand!.Value);
        return result.Outcome switch
        {
            LinkSessionOutcome.Succeeded => TypedResults.Ok(new CompleteLinkSessionResponse(
                CompletionRedirect.RedirectTo(result.Session!.RedirectUrl, result.Completion!))),
            LinkSessionOutcome.AlreadyCompleted => new ConflictProblem("The link session is already completed."),
            LinkSessionOutcome.AlreadyExpired => new GoneProblem("The link session has expired."),
            LinkSessionOutcome.ConsentRequired => new ConflictProblem("This brand connects through its manufacturer's consent page (GET /ui/connect), not this endpoint."),
            _ => new NotFoundProblem(),
        };
    }
}
