using System.Buffers.Text;
using System.Security.Cryptography;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>What the service derives from a link token, computed independently of its code (the processes' assemblies are not referenced).</summary>
public static class GrainKeys
{
    /// <summary>A session's grain key, and so its Redis key: the base64url SHA-256 of its token's bytes.</summary>
    public static string OfToken(string token) => Base64Url.EncodeToString(SHA256.HashData(Base64Url.DecodeFromChars(token)));
}
