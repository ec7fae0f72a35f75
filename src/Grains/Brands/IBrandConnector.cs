namespace Nox.Brands;

/// <summary>
/// The seam to one manufacturer's cloud: connects the account the user chose and answers the ids of its
/// devices. <see cref="SandboxBrandConnector"/> serves every brand that has no real connector; a connector
/// whose user grants access on the manufacturer's own page also implements <see cref="IAuthorizationBrandConnector"/>.
/// </summary>
public interface IBrandConnector
{
    Task<BrandConnection> ConnectAsync(BrandAccount account, CancellationToken cancellationToken);
}
