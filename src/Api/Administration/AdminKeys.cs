using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Nox.Api.Administration;

/// <summary>
/// The configured admin keys, as SHA-256 digests. A presented key is hashed and compared with every digest in
/// constant time, so neither the answer's timing nor its content says anything about the keys.
/// </summary>
public sealed class AdminKeys
{
    private readonly (byte[] Digest, string Label)[] keys;

    public AdminKeys(IOptions<AdminApiKeysOptions> options)
    {
        var plain = options.Value.AdminApiKeys.Select((key, i) => (SHA256.HashData(Encoding.UTF8.GetBytes(key)), $"AdminApiKeys:{i}"));
        var digests = options.Value.AdminApiKeySha256.Select((hex, i) => (Convert.FromHexString(hex), $"AdminApiKeySha256:{i}"));
        keys = [.. plain.Concat(digests)];
    }

    public bool Any => keys.Length > 0;

    /// <summary>
    /// Which configured key <paramref name="key"/> is, by its configuration key (<c>AdminApiKeySha256:1</c>): what
    /// the audit log names as the actor, never key material. Null for any other key.
    /// </summary>
    public string? Find(string key)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? match = null;
        foreach (var (candidate, label) in keys)
        {
            // Every digest is compared, whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                match ??= label;
            }
        }

        return match;
    }
}
