using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Nox.Brands.OAuth2;
using Nox.LinkSessions;
using Orleans.Runtime;

namespace Nox.Brands;

/// <summary>
/// One consent-page attempt (see <see cref="IBrandAuthorizationGrain"/>). It is used up before anything is
/// asked of the manufacturer, so a replayed callback finds a used state even while the first one is still
/// being exchanged, and a failed exchange is retried with a new attempt (a code is good for one exchange anyway).
/// The session grain stays the only judge of the session: this grain asks it, and completes through it.
/// </summary>
[CollectionAgeLimit(Minutes = 2)]
public sealed class BrandAuthorizationGrain(
    [PersistentState("authorization", GrainStorageNames.Sessions)] IPersistentState<BrandAuthorizationState> attempt,
    [FromKeyedServices(ServiceClock.Key)] TimeProvider clock,
    IBrandConnectorRegistry connectors,
    IDataProtectionProvider protection) : Grain, IBrandAuthorizationGrain
{
    private const string VerifierPurpose = "Nox.BrandAuthorization.Verifier.v1";

    private IDataProtector Verifiers => protection.CreateProtector(VerifierPurpose, this.GetPrimaryKeyString());

    public async Task<BrandAuthorizationResult> StartAsync(string sessionKey, Brand brand, string redirectUri)
    {
        if (attempt.RecordExists)
        {
            // A state is minted fresh for every attempt: an existing one here is a replay of the start.
            return BrandAuthorizationResult.UnknownState;
        }

        var session = await GrainFactory.GetGrain<ILinkSessionGrain>(sessionKey).GetAsync();
        if (Refusal(session) is { } refused)
        {
            DeactivateOnIdle();
            return refused;
        }

        if (connectors.AuthorizationFor(brand) is not { } connector)
        {
            DeactivateOnIdle();
            return new(BrandAuthorizationOutcome.NoConsentPage, session);
        }

        var verifier = Pkce.NewVerifier();
        attempt.State = new BrandAuthorizationState
        {
            SessionKey = sessionKey,
            Brand = brand,
            RedirectUri = redirectUri,
            ProtectedVerifier = Verifiers.Protect(verifier),
            StartedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
        };
        await WriteOrForgetAsync();
        return new(BrandAuthorizationOutcome.Started, session, connector.AuthorizationUrl(redirectUri, Pkce.Challenge(verifier)));
    }

    public async Task<BrandAuthorizationResult> RedeemAsync(string code)
    {
        if (!await UseAsync())
        {
            return BrandAuthorizationResult.UnknownState;
        }

        var state = attempt.State;
        var grant = new BrandGrant(state.Brand, code, Verifiers.Unprotect(state.ProtectedVerifier), state.RedirectUri);
        var result = await GrainFactory.GetGrain<ILinkSessionGrain>(state.SessionKey).CompleteWithGrantAsync(grant);
        return result.Outcome switch
        {
            LinkSessionOutcome.Succeeded => new(BrandAuthorizationOutcome.Succeeded, result.Session, Completion: result.Completion),
            LinkSessionOutcome.AlreadyCompleted => new(BrandAuthorizationOutcome.AlreadyCompleted, result.Session),
            LinkSessionOutcome.AlreadyExpired => new(BrandAuthorizationOutcome.AlreadyExpired, result.Session),
            _ => new(BrandAuthorizationOutcome.NotFound, result.Session),
        };
    }

    public async Task<BrandAuthorizationResult> DenyAsync()
    {
        if (!await UseAsync())
        {
            return BrandAuthorizationResult.UnknownState;
        }

        var session = await GrainFactory.GetGrain<ILinkSessionGrain>(attempt.State.SessionKey).GetAsync();
        return Refusal(session) ?? new(BrandAuthorizationOutcome.Denied, session);
    }

    private static BrandAuthorizationResult? Refusal(LinkSession? session) => session?.Status switch
    {
        null => new(BrandAuthorizationOutcome.NotFound, null),
        LinkSessionStatus.Completed => new(BrandAuthorizationOutcome.AlreadyCompleted, session),
        LinkSessionStatus.Expired => new(BrandAuthorizationOutcome.AlreadyExpired, session),
        _ => null,
    };

    /// <summary>Marks the attempt used, in storage, before anything else happens; false when it is unknown or used.</summary>
    private async Task<bool> UseAsync()
    {
        DeactivateOnIdle();
        if (!attempt.RecordExists || attempt.State.UsedAt is not null)
        {
            return false;
        }

        attempt.State.UsedAt = clock.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            await attempt.WriteStateAsync();
        }
        catch
        {
            attempt.State.UsedAt = null;
            throw;
        }

        return true;
    }

    /// <summary>A start that was not stored must not linger in memory as if it were.</summary>
    private async Task WriteOrForgetAsync()
    {
        try
        {
            await attempt.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
