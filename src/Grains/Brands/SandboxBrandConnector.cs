using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>
/// A connector that needs no credentials: every account has one device whose id is derived from the
/// supplier, the user and the brand (<c>sandbox-daikin-1a2b3c4d</c>), so linking the same account twice
/// yields the same device, and tests and demos can predict it.
/// </summary>
public sealed class SandboxBrandConnector : IBrandConnector
{
    public const string Prefix = "sandbox-";

    public Task<BrandConnection> ConnectAsync(BrandAccount account, CancellationToken cancellationToken) =>
        Task.FromResult(new BrandConnection(ImmutableArray.Create(DeviceId(account))));

    public static string DeviceId(BrandAccount account)
    {
        var hash = SHA256.HashData(LengthPrefixed(account.Supplier, account.SupplierUserId, account.Brand.ToWireName()));
        return $"{Prefix}{account.Brand.ToWireName().Replace(' ', '-')}-{Convert.ToHexStringLower(hash, 0, 4)}";
    }

    private static byte[] LengthPrefixed(params string[] parts)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
