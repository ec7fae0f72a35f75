using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Nox.Webhooks;

/// <summary>
/// Event bodies at rest. A session event's body shows the session's link token (<c>link_token</c>, <c>link_url</c>),
/// so it is sealed when the event is created (Data Protection, the service's key ring) and stored so, in the
/// session's outbox and in the event log; it is opened only to be sent and signed, and when the event log API
/// answers. The bytes sent are the bytes written when the event was created. Bodies without a token
/// (<c>user.deleted</c>, <c>webhook.test</c>) and bodies stored before sealing are JSON and open as they are.
/// </summary>
public sealed class WebhookBodySeal(IDataProtectionProvider provider)
{
    public const string Purpose = "Nox.WebhookBodies.v1";

    /// <summary>Marks a sealed body (a JSON body starts with <c>{</c>).</summary>
    private const string SealedPrefix = "sealed:";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Seal(string body) => SealedPrefix + Base64Url.EncodeToString(protector.Protect(Encoding.UTF8.GetBytes(body)));

    public bool IsSealed(string storedBody) => storedBody.StartsWith(SealedPrefix, StringComparison.Ordinal);

    /// <summary>The body as it is sent: opened if sealed, else as it was stored.</summary>
    public string Open(string storedBody) => IsSealed(storedBody)
        ? Encoding.UTF8.GetString(protector.Unprotect(Base64Url.DecodeFromChars(storedBody.AsSpan(SealedPrefix.Length))))
        : storedBody;
}
