using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>The stored form of a brand authorization attempt: short-lived, in the sessions provider (with its TTL).</summary>
[GenerateSerializer]
[Alias("nox.BrandAuthorizationState")]
public sealed class BrandAuthorizationState
{
    /// <summary>The <see cref="ILinkSessionGrain"/> key of the session it belongs to.</summary>
    [Id(0)] public string SessionKey { get; set; } = string.Empty;
    [Id(1)] public Brand Brand { get; set; }
    [Id(2)] public string RedirectUri { get; set; } = string.Empty;

    /// <summary>The PKCE verifier, encrypted with the service's key ring like the tokens it leads to.</summary>
    [Id(3)] public string ProtectedVerifier { get; set; } = string.Empty;
    [Id(4)] public long StartedAt { get; set; }

    /// <summary>Set when the user came back (granted or not): the state is good for one callback.</summary>
    [Id(5)] public long? UsedAt { get; set; }
}
