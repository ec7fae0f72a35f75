using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Users;

/// <summary>
/// The key of a <see cref="INoxUserGrain"/>: the SHA-256 of the supplier and the supplier's user id,
/// each length-prefixed so that no two pairs share a key ("a|b" + "c" vs "a" + "b|c"). Hashed so that
/// the supplier's user ids, which may be personal data, stay out of grain ids, logs and Redis keys.
/// </summary>
public static class NoxUserKey
{
    public static string For(string supplier, string supplierUserId)
    {
        var supplierBytes = Encoding.UTF8.GetBytes(supplier);
        var userBytes = Encoding.UTF8.GetBytes(supplierUserId);
        var buffer = new byte[4 + supplierBytes.Length + 4 + userBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, supplierBytes.Length);
        supplierBytes.CopyTo(buffer, 4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(4 + supplierBytes.Length), userBytes.Length);
        userBytes.CopyTo(buffer, 8 + supplierBytes.Length);
        return Base64Url.EncodeToString(SHA256.HashData(buffer));
    }
}
