using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>The outcome of a brand authorization step, the session as it is afterwards, and what the step produced.</summary>
[GenerateSerializer]
[Immutable]
[Alias("nox.BrandAuthorizationResult")]
public sealed record BrandAuthorizationResult(
    [property: Id(0)] BrandAuthorizationOutcome Outcome,
    [property: Id(1)] LinkSession? Session,
    [property: Id(2)] string? AuthorizationUrl = null,
    [property: Id(3)] LinkSessionCompletion? Completion = null)
{
    public static BrandAuthorizationResult UnknownState { get; } = new(BrandAuthorizationOutcome.UnknownState, null);
}
