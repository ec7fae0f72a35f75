using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Brands;

/// <summary>
/// The OAuth <c>state</c> travels through the manufacturer and the browser; grains are keyed by its SHA-256 so
/// that the state itself never reaches grain ids, logs or Redis keys.
/// </summary>
public static class AuthorizationState
{
    /// <summary>The key of the <see cref="IBrandAuthorizationGrain"/> of <paramref name="state"/>.</summary>
    public static string ToGrainKey(string state) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
}
