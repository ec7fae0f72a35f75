using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>Which connector serves a brand.</summary>
public interface IBrandConnectorRegistry
{
    IBrandConnector For(Brand brand);
}
