using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Nox.Hosting.DataProtection;

namespace Nox.LinkSessions;

/// <summary>
/// The link token at rest: a session keeps its token only so that its webhook events can show it, and keeps it
/// sealed: storage never holds a usable token. It is sealed with AES-GCM under the service's data key
/// (<see cref="DataKeySeal"/>, purpose <see cref="Purpose"/> as associated data), once per created session. Tokens
/// sealed by earlier versions with Data Protection (base64url, no <c>k1.</c> prefix) still open, with the same purpose.
/// </summary>
public sealed class LinkTokenSeal(DataKeySeal seal, IDataProtectionProvider provider)
{
    public const string Purpose = "Nox.LinkTokens.v1";

    private static readonly byte[] PurposeBytes = Encoding.UTF8.GetBytes(Purpose);

    /// <summary>Opens tokens sealed before the data key (Data Protection).</summary>
    private readonly IDataProtector earlier = provider.CreateProtector(Purpose);

    public string Seal(string token) => seal.Seal(token, PurposeBytes);

    /// <summary>The token of a session: sealed, or in plain text in a state stored before tokens were sealed; null for a state stored before sessions kept their token.</summary>
    public string? TokenOf(LinkSessionState state) => state.SealedToken is { } sealedToken ? Open(sealedToken) : state.PlainToken;

    /// <summary>Seals the plain-text token of a state stored before tokens were sealed, so that the write about to store it stores it sealed only.</summary>
    public void SealPlainToken(LinkSessionState state)
    {
        if (state.PlainToken is { } token)
        {
            state.SealedToken = Seal(token);
            state.PlainToken = null;
        }
    }

    private string Open(string sealedToken) => DataKeySeal.IsSealed(sealedToken)
        ? seal.Open(sealedToken, PurposeBytes)
        : Encoding.ASCII.GetString(earlier.Unprotect(Base64Url.DecodeFromChars(sealedToken)));
}
