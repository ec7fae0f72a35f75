using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Nox.LinkSessions;

/// <summary>
/// The link token at rest: a session keeps its token only so that its webhook events can show it, and keeps it
/// sealed (ASP.NET Core Data Protection, the service's key ring, as the brand token vault does): storage never
/// holds a usable token. One protector, made once: the factory seals once per created session.
/// </summary>
public sealed class LinkTokenSeal(IDataProtectionProvider provider)
{
    public const string Purpose = "Nox.LinkTokens.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Seal(string token) => Base64Url.EncodeToString(protector.Protect(Encoding.ASCII.GetBytes(token)));

    /// <summary>The token of a session: sealed, or in plain text in a state stored before tokens were sealed; null for a state stored before sessions kept their token.</summary>
    public string? TokenOf(LinkSessionState state) =>
        state.SealedToken is { } sealedToken ? Encoding.ASCII.GetString(protector.Unprotect(Base64Url.DecodeFromChars(sealedToken))) : state.PlainToken;

    /// <summary>Seals the plain-text token of a state stored before tokens were sealed, so that the write about to store it stores it sealed only.</summary>
    public void SealPlainToken(LinkSessionState state)
    {
        if (state.PlainToken is { } token)
        {
            state.SealedToken = Seal(token);
            state.PlainToken = null;
        }
    }
}
