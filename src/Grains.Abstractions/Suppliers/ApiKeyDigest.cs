using System.Security.Cryptography;
using System.Text;

namespace Nox.Suppliers;

/// <summary>How a key is stored and looked up: the lowercase hex SHA-256 of its UTF-8 bytes.</summary>
public static class ApiKeyDigest
{
    public const int HexLength = 64;

    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool IsWellFormed(string digest) => digest.Length == HexLength && digest.All(Uri.IsHexDigit);
}
