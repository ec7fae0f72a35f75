namespace Nox.Brands;

/// <summary>How a step of a brand authorization ended; the Authenticator maps each to one page.</summary>
[GenerateSerializer]
[Alias("nox.BrandAuthorizationOutcome")]
public enum BrandAuthorizationOutcome
{
    /// <summary>The attempt is stored; send the user to the authorization URL.</summary>
    Started = 0,

    /// <summary>The session is completed (now, or earlier with the same brand).</summary>
    Succeeded = 1,

    /// <summary>The manufacturer answered with an error; the session stays pending.</summary>
    Denied = 2,

    /// <summary>No attempt with this state, or it was used already.</summary>
    UnknownState = 3,

    NotFound = 4,
    AlreadyCompleted = 5,
    AlreadyExpired = 6,

    /// <summary>The brand connects without a consent page (the sandbox): the page completes it directly.</summary>
    NoConsentPage = 7,
}
