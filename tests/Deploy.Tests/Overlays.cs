namespace Nox.Deploy.Tests;

/// <summary>The kustomizations an operator applies, relative to deploy/k8s.</summary>
public static class Overlays
{
    public const string Dev = "overlays/dev";
    public const string Production = "overlays/production";
    public const string Base = "base";
    public const string EgressComponent = "components/restrict-egress";

    public static TheoryData<string> All => new() { Dev, Production };

    public static TheoryData<string, string> AllWithNoxWorkloads => new()
    {
        { Dev, Infrastructure.K8s.Silo },
        { Dev, Infrastructure.K8s.Api },
        { Production, Infrastructure.K8s.Silo },
        { Production, Infrastructure.K8s.Api },
    };
}
