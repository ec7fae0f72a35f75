using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using Nox.Suppliers;
using Orleans.TestingHost;
using Nox.Testing;
using Nox.Testing.Faults;

namespace Nox.Grains.Tests;

/// <summary>
/// One in-process Orleans cluster (two silos, in-memory storage) shared by every grain test, with the
/// domain clock replaced by a fake that tests move by hand, and <see cref="SiloFaults"/> so that tests can
/// make storage and the scripted brand's connector fail.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Supplier = "acme";
    public const string OtherSupplier = "globex";
    public const string ApiKey = "acme-grain-test-key-0123456789";

    /// <summary>
    /// Starts between two seconds, as a real clock is: timestamps are whole seconds, so a session created now
    /// expires less than 600 s from now, and a rule that forgets that shows.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMilliseconds(437));

    public SiloFaults Faults { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await NoxTestCluster.DeployAsync(
        "grain-tests",
        new Dictionary<string, string?>
        {
            ["Nox:Suppliers:0:Name"] = Supplier,
            ["Nox:Suppliers:0:ApiKeys:0"] = ApiKey,
            ["Nox:Suppliers:0:AllowedRedirectUrls:0"] = "https://acme.example/return",
        },
        Clock,
        silos: 2,
        configure: builder => builder.ConfigureSilo((_, silo) => Faults.AddTo(silo.Services)));

    public Task DisposeAsync() => NoxTestCluster.StopAsync(Cluster);

    /// <summary>A supplier's configuration as versions before the admin API stored it: bare key digests.</summary>
    public static SupplierConfiguration LegacySupplierConfiguration(string name, params string[] keyHashes) =>
        new(name, [.. keyHashes], ["https://" + name + ".example/return"]);

    /// <summary>A supplier as a silo's configuration gives it.</summary>
    public static ConfiguredSupplier ConfiguredSupplier(string name, params string[] keyHashes) =>
        new(name, [.. keyHashes], ["https://" + name + ".example/return"], SupplierRateLimit.Default);

    public static ImmutableArray<T> Array<T>(params T[] items) => [.. items];
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
