using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Nox.Api.LinkSessions;

namespace Nox.Api.Users;

/// <summary>
/// The <c>{user_id}</c> of a users path, percent-decoded exactly once from the request target as sent. The
/// server's own decoding keeps <c>%2F</c> as it is (it would otherwise be a path separator), so decoding the
/// route value again would turn a user id that contains <c>%25</c> into another one.
/// </summary>
public static class SupplierUserPath
{
    public const string UserIdMember = "user_id";

    /// <summary>The user id, or the message saying what is wrong with it.</summary>
    public static (string? UserId, string? Error) Read(HttpContext http, string routeValue)
    {
        var userId = routeValue;
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null && raw.StartsWith(SupplierUserEndpoints.Path + "/", StringComparison.Ordinal))
        {
            var path = raw.Split('?', 2)[0];
            var segment = path[(SupplierUserEndpoints.Path.Length + 1)..].Split('/')[0];
            if (!TryPercentDecode(segment, out var decoded))
            {
                return (null, "user_id must be percent-encoded UTF-8.");
            }

            userId = decoded;
        }

        return CreateLinkSessionRequestReader.UserIdError(userId) is { } error ? (null, error) : (userId, null);
    }

    private static bool TryPercentDecode(string text, out string decoded)
    {
        decoded = string.Empty;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                if (text[i] > 0x7F)
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                }
                else
                {
                    bytes.Add((byte)text[i]);
                }

                continue;
            }

            if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
            {
                return false;
            }

            bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
            i += 2;
        }

        try
        {
            decoded = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString([.. bytes]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
