using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Nox.Bench.Peer;

/// <summary>One supplier from configuration: <c>Peer:Supplier</c>, <c>Peer:ApiKey</c>, <c>Peer:RedirectUrl</c>, <c>Peer:PublicBaseUrl</c>.</summary>
public sealed class PeerOptions
{
    public required string Supplier { get; init; }

    public required FrozenSet<string> AllowedRedirectUrls { get; init; }

    public required string PublicBaseUrl { get; init; }

    /// <summary>SHA-256 of the API key: keys are compared by digest, in constant time.</summary>
    public required byte[] ApiKeyDigest { get; init; }

    public bool IsApiKey(string? key) =>
        key is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), ApiKeyDigest);

    public static PeerOptions From(IConfiguration configuration) => new()
    {
        Supplier = configuration["Peer:Supplier"] ?? "peer",
        AllowedRedirectUrls = new[] { configuration["Peer:RedirectUrl"] ?? "https://bench.example/return" }.ToFrozenSet(StringComparer.Ordinal),
        PublicBaseUrl = configuration["Peer:PublicBaseUrl"] ?? "https://auth.bench.example",
        ApiKeyDigest = SHA256.HashData(Encoding.UTF8.GetBytes(configuration["Peer:ApiKey"] ?? throw new InvalidOperationException("Peer:ApiKey is required."))),
    };
}
