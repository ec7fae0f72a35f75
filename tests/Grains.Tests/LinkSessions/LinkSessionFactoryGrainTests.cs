using System.Collections.Immutable;
using Nox.LinkSessions;

namespace Nox.Grains.Tests.LinkSessions;

[Collection(ClusterCollection.Name)]
public sealed class LinkSessionFactoryGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_batch_opens_every_session_in_its_own_grain_and_answers_in_order()
    {
        var creations = Enumerable.Range(0, 25)
            .Select(i => new LinkSessionCreation(
                LinkToken.ToGrainKey(LinkToken.Mint()),
                new NewLinkSession(ClusterFixture.Supplier, $"batch-user-{i}", "https://acme.example/return", i % 2 == 0 ? Brand.Nibe : null, Language.Nl)))
            .ToImmutableArray();

        var results = await fixture.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync(creations);

        Assert.Equal(creations.Length, results.Length);
        for (var i = 0; i < creations.Length; i++)
        {
            Assert.Null(results[i].Failure);
            var created = results[i].Session!;
            Assert.Equal(creations[i].Session.SupplierUserId, created.SupplierUserId);
            Assert.Equal(creations[i].Session.Brand, created.Brand);
            Assert.Equal(LinkSessionStatus.Pending, created.Status);
            var stored = await fixture.Client.GetGrain<ILinkSessionGrain>(creations[i].GrainKey).GetForSupplierAsync(ClusterFixture.Supplier);
            Assert.Equal(created, stored);
        }
    }

    [Fact]
    public async Task An_empty_batch_opens_nothing()
    {
        var created = await fixture.Client.GetGrain<ILinkSessionFactoryGrain>(0).CreateAsync([]);

        Assert.Empty(created);
    }
}
