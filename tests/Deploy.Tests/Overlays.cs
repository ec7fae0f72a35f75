using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>
/// The kustomizations an operator applies, relative to deploy/k8s. A name with <c>+component</c>
/// is that kustomization with the component added to its <c>components:</c>, as an operator enables it
/// (<see cref="DeployFixture.Render"/>).
/// </summary>
public static class Overlays
{
    public const string Dev = "overlays/dev";
    public const string Production = "overlays/production";
    public const string Base = "base";
    public const string EgressComponent = "components/restrict-egress";
    public const string SplitApiComponent = "components/split-api";

    /// <summary>The overlays with the split topology (the API as its own Deployment).</summary>
    public const string DevSplit = Dev + "+" + SplitApiComponent;
    public const string ProductionSplit = Production + "+" + SplitApiComponent;

    /// <summary>Every rendering an operator may apply: both overlays, in both topologies.</summary>
    public static TheoryData<string> All => new() { Dev, Production, DevSplit, ProductionSplit };

    /// <summary>The overlays as they are: co-hosted, the silos serve the API.</summary>
    public static TheoryData<string> CoHosted => new() { Dev, Production };

    /// <summary>The overlays with <see cref="SplitApiComponent"/>.</summary>
    public static TheoryData<string> Split => new() { DevSplit, ProductionSplit };

    /// <summary>Each rendering with each of its Nox Deployments.</summary>
    public static TheoryData<string, string> AllWithNoxWorkloads => new()
    {
        { Dev, K8s.Silo },
        { Production, K8s.Silo },
        { DevSplit, K8s.Silo },
        { DevSplit, K8s.Api },
        { ProductionSplit, K8s.Silo },
        { ProductionSplit, K8s.Api },
    };

    /// <summary>Each rendering with the Deployment and container that serve the public HTTP API, and its HTTP port.</summary>
    public static TheoryData<string, string, string, int> PublicApiServers => new()
    {
        { Dev, K8s.Silo, "silo", K8s.SiloHttpPort },
        { Production, K8s.Silo, "silo", K8s.SiloHttpPort },
        { DevSplit, K8s.Api, "api", K8s.ApiHttpPort },
        { ProductionSplit, K8s.Api, "api", K8s.ApiHttpPort },
    };

    public static string With(string kustomization, string component) => $"{kustomization}+{component}";
}
