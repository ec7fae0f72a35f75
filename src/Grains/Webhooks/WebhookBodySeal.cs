using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Nox.Hosting.DataProtection;

namespace Nox.Webhooks;

/// <summary>
/// Event bodies at rest. A session event's body shows the session's link token (<c>link_token</c>, <c>link_url</c>),
/// so it is sealed when the event is created (AES-GCM under the service's data key, <see cref="DataKeySeal"/>, purpose
/// <see cref="Purpose"/> as associated data, so a body does not open as a token nor a token as a body) and stored so,
/// in the session's outbox and in the event log; it is opened only to be sent and signed, and when the event log API
/// answers. The bytes sent are the bytes written when the event was created. Bodies without a token
/// (<c>user.deleted</c>, <c>webhook.test</c>) and bodies stored before sealing are JSON and open as they are; bodies
/// sealed by earlier versions with Data Protection (<c>sealed:</c> + base64url) still open.
/// </summary>
public sealed class WebhookBodySeal(DataKeySeal seal, IDataProtectionProvider provider)
{
    public const string Purpose = "Nox.WebhookBodies.v1";

    /// <summary>Marks a body sealed by earlier versions with Data Protection (a JSON body starts with <c>{</c>).</summary>
    private const string EarlierSealedPrefix = "sealed:";

    private static readonly byte[] PurposeBytes = Encoding.UTF8.GetBytes(Purpose);

    /// <summary>Opens bodies sealed before the data key (Data Protection).</summary>
    private readonly IDataProtector earlier = provider.CreateProtector(Purpose);

    public string Seal(string body) => seal.Seal(body, PurposeBytes);

    public bool IsSealed(string storedBody) => DataKeySeal.IsSealed(storedBody) || IsSealedEarlier(storedBody);

    /// <summary>The body as it is sent: opened if sealed, else as it was stored.</summary>
    public string Open(string storedBody) =>
        DataKeySeal.IsSealed(storedBody) ? seal.Open(storedBody, PurposeBytes)
        : IsSealedEarlier(storedBody) ? Encoding.UTF8.GetString(earlier.Unprotect(Base64Url.DecodeFromChars(storedBody.AsSpan(EarlierSealedPrefix.Length))))
        : storedBody;

    private static bool IsSealedEarlier(string storedBody) => storedBody.StartsWith(EarlierSealedPrefix, StringComparison.Ordinal);
}
