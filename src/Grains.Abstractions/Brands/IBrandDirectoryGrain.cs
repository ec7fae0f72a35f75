using System.Collections.Immutable;
using Nox.LinkSessions;

namespace Nox.Brands;

/// <summary>What the silos know of the brands' connectors, for the Authenticator page (a stateless worker, key 0).</summary>
[Alias("nox.IBrandDirectoryGrain")]
public interface IBrandDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>The brands that connect through their manufacturer's consent page (<c>/ui/connect</c>), in brand order.</summary>
    [Alias("GetAuthorizationBrands")]
    Task<ImmutableArray<Brand>> GetAuthorizationBrandsAsync();
}
