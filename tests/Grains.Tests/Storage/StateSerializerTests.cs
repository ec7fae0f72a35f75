using Microsoft.Extensions.DependencyInjection;
using Nox.LinkSessions;
using NoxSilo = Nox.Hosting.SiloBuilderExtensions;
using Nox.Suppliers;
using Orleans.Storage;

namespace Nox.Grains.Tests.Storage;

/// <summary>The Redis providers' state format: binary, and state an earlier version wrote as JSON still reads.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StateSerializerTests(ClusterFixture fixture)
{
    private IServiceProvider Services => fixture.Cluster.Silos[0].ServiceProvider;

    private static LinkSessionState Session() => new()
    {
        Supplier = "acme",
        SupplierUserId = "user-ü-1",
        RedirectUrl = "https://acme.example/return?x=1",
        Brand = Brand.SaunierDuval,
        Language = Language.Fr,
        CreatedAt = 1_795_784_620,
        ExpiresAt = 1_795_785_220,
        CompletedAt = 1_795_784_700,
        CompletedBrand = Brand.Daikin,
    };

    [Fact]
    public void Session_state_round_trips_in_binary_and_is_smaller_than_json()
    {
        var serializer = NoxSilo.StateSerializer(Services);
        var json = Services.GetRequiredService<IGrainStorageSerializer>().Serialize(Session());

        var binary = serializer.Serialize(Session());
        var read = serializer.Deserialize<LinkSessionState>(binary)!;

        Assert.Equivalent(Session(), read, strict: true);
        Assert.True(binary.ToMemory().Length < json.ToMemory().Length / 2, $"{binary.ToMemory().Length} vs {json.ToMemory().Length} bytes");
    }

    [Fact]
    public void Supplier_state_with_keys_round_trips_in_binary()
    {
        var serializer = NoxSilo.StateSerializer(Services);
        var supplier = new SupplierState
        {
            Revision = 7,
            Source = SupplierSource.Api,
            CreatedAt = 1_795_784_620,
            DisplayName = "Acme Energy",
            AllowedRedirectUrls = ["https://acme.example/return"],
            RateLimit = new SupplierRateLimit(10, 20),
            SetByAdmin = SupplierFields.DisplayName | SupplierFields.RateLimit,
            ApiKeys =
            [
                new ApiKeyRecord { Id = "key_a", Sha256 = new string('a', 64), Prefix = "nox_sk_abcde", CreatedAt = 1_795_784_620, ExpiresAt = 1_795_785_000, LastUsedAt = 1_795_784_700, Source = SupplierSource.Api },
                new ApiKeyRecord { Id = "key_b", Sha256 = new string('b', 64), CreatedAt = 1_795_784_620, RevokedAt = 1_795_784_800, Source = SupplierSource.Configuration },
            ],
        };

        Assert.Equivalent(supplier, serializer.Deserialize<SupplierState>(serializer.Serialize(supplier)), strict: true);
    }

    [Fact]
    public void State_written_as_json_by_an_earlier_version_still_reads()
    {
        var serializer = NoxSilo.StateSerializer(Services);
        var json = Services.GetRequiredService<IGrainStorageSerializer>();
        var supplier = new SupplierState { Configuration = ClusterFixture.LegacySupplierConfiguration("acme", new string('a', 64)) };

        Assert.Equivalent(Session(), serializer.Deserialize<LinkSessionState>(json.Serialize(Session())), strict: true);
        Assert.Equivalent(supplier, serializer.Deserialize<SupplierState>(json.Serialize(supplier)), strict: true);
    }
}
