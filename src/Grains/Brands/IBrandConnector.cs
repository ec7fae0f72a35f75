using System.Collections.Immutable;

namespace Nox.Brands;

/// <summary>
/// The seam to one manufacturer's cloud: connects the account the user chose and answers the ids of its
/// devices. <see cref="SandboxBrandConnector"/> serves every brand that has no real connector.
/// </summary>
public interface IBrandConnector
{
    Task<ImmutableArray<string>> ConnectAsync(BrandAccount account, CancellationToken cancellationToken);
}
