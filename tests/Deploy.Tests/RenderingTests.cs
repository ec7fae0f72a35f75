using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>The manifests render with kustomize and every object passes the Kubernetes schemas.</summary>
[Collection(DeployCollection.Name)]
public sealed class RenderingTests(DeployFixture fixture)
{
    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Overlay_renders_with_kubectl_kustomize(string overlay)
    {
        var rendering = fixture.Render(overlay);

        Assert.True(rendering.Result.ExitCode == 0, $"kubectl kustomize {overlay}: {rendering.Result}");
        Assert.Contains(rendering.Manifests.Objects, o => o.Str("kind") == "Deployment");
    }

    [KubectlFact]
    public void Base_renders_on_its_own_as_the_co_hosted_topology()
    {
        var rendering = fixture.Render(Overlays.Base);

        Assert.True(rendering.Result.ExitCode == 0, $"kubectl kustomize base: {rendering.Result}");
        Assert.NotNull(rendering.Manifests.Find("Deployment", K8s.Silo));
        Assert.NotNull(rendering.Manifests.Find("Service", K8s.Api));
        Assert.Null(rendering.Manifests.Find("Deployment", K8s.Api));
    }

    [KubectlFact]
    public void Split_component_composes_with_the_base()
    {
        var rendering = fixture.Render(Overlays.With(Overlays.Base, Overlays.SplitApiComponent));

        Assert.True(rendering.Result.ExitCode == 0, $"kubectl kustomize base + split-api: {rendering.Result}");
        Assert.NotNull(rendering.Manifests.Find("Deployment", K8s.Silo));
        Assert.NotNull(rendering.Manifests.Find("Deployment", K8s.Api));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Rendered_overlay_passes_the_kubernetes_schema_validator(string overlay)
    {
        var rendering = fixture.Render(overlay);
        var objects = rendering.Manifests.Objects;

        var result = fixture.Validate(rendering.Yaml);

        Assert.True(result.ExitCode == 0, $"validator on {overlay}: {result}");
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(objects.Count, lines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
    }

    [KubectlTheory]
    [InlineData(Overlays.Production)]
    [InlineData(Overlays.ProductionSplit)]
    public void Egress_component_composes_with_production_and_passes_the_validator(string overlay)
    {
        var rendering = fixture.Render(Overlays.With(overlay, Overlays.EgressComponent));
        var manifests = rendering.Manifests;
        var policy = manifests.Get("NetworkPolicy", "nox-egress");
        var result = fixture.Validate(rendering.Yaml);

        Assert.True(result.ExitCode == 0, $"validator: {result}");
        Assert.Contains("Egress", policy.Strings("spec", "policyTypes"));
        var silo = manifests.Deployment(K8s.Silo);
        Assert.Equal(silo.Str("metadata", "namespace"), policy.Str("metadata", "namespace"));
        foreach (var workload in manifests.OfKind("Deployment"))
        {
            Assert.True(K8s.Selects(policy.At("spec", "podSelector"), K8s.PodLabels(workload)), $"nox-egress does not select {K8s.Describe(workload)}");
        }

        var ports = policy.Items("spec", "egress").SelectMany(r => r.Items("ports")).Select(p => p.Int("port")).ToHashSet();
        Assert.Superset(new HashSet<int?> { 53, 6379, 11111, 30000 }, ports);
    }
}
