using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Nox.Brands;

/// <summary>Answers from this silo's connector registry; every silo is configured alike.</summary>
[StatelessWorker]
[Reentrant]
public sealed class BrandDirectoryGrain(IBrandConnectorRegistry connectors) : Grain, IBrandDirectoryGrain
{
    private readonly ImmutableArray<LinkSessions.Brand> authorizationBrands =
        [.. LinkSessions.BrandNames.Brands.Where(brand => connectors.AuthorizationFor(brand) is not null)];

    public Task<ImmutableArray<LinkSessions.Brand>> GetAuthorizationBrandsAsync() => Task.FromResult(authorizationBrands);
}
