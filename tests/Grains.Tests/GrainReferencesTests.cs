using Nox.LinkSessions;
using Nox.Suppliers;

namespace Nox.Grains.Tests;

/// <summary>The cached references address exactly the grains <c>GetGrain</c> does, on the client and in a silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public void String_keyed_reference_and_id_equal_GetGrain()
    {
        foreach (var key in new[] { "a", LinkToken.ToGrainKey(LinkToken.Mint()), "a/b with space" })
        {
            var expected = fixture.Client.GetGrain<ILinkSessionGrain>(key);

            var actual = fixture.Client.Get<ILinkSessionGrain>(key);

            Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
            Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
            Assert.Equal(expected.GetGrainId(), fixture.Client.IdOf<ILinkSessionGrain>(key));
        }
    }

    [Fact]
    public void Integer_keyed_reference_equals_GetGrain()
    {
        foreach (var key in new[] { 0L, 1L, -7L, long.MaxValue })
        {
            var expected = fixture.Client.GetGrain<ISupplierDirectoryGrain>(key);

            var actual = fixture.Client.Get<ISupplierDirectoryGrain>(key);

            Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
            Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)actual).InterfaceType);
        }
    }

    [Fact]
    public async Task A_cached_reference_reaches_the_grain()
    {
        var grainKey = LinkToken.ToGrainKey(LinkToken.Mint());
        var session = new NewLinkSession(ClusterFixture.Supplier, "user-1", "https://acme.example/return", null, Language.En);
        await fixture.Client.Get<ILinkSessionFactoryGrain>(0).CreateAsync([new LinkSessionCreation(grainKey, session)]);

        var read = await fixture.Client.Get<ILinkSessionGrain>(grainKey).GetForSupplierAsync(ClusterFixture.Supplier);

        Assert.Equal("user-1", read?.SupplierUserId);
    }
}
