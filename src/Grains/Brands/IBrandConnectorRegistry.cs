using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>Which connector serves a brand.</summary>
public interface IBrandConnectorRegistry
{
    IBrandConnector For(Brand brand);

    /// <summary>The brand's connector when its user grants access on the manufacturer's consent page; else null.</summary>
    IAuthorizationBrandConnector? AuthorizationFor(Brand brand) => For(brand) as IAuthorizationBrandConnector;
}
