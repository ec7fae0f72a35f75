using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>
/// Who serves the public HTTP API: the silos (co-hosted, the overlays' default) or the API pods
/// (with components/split-api). The public Service keeps its name and port in both.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class TopologyTests(DeployFixture fixture)
{
    private const string ApiEnabled = "Nox__Api__Enabled";

    [KubectlTheory]
    [MemberData(nameof(Overlays.CoHosted), MemberType = typeof(Overlays))]
    public void Co_hosted_silos_serve_the_api_and_no_api_pods_exist(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.Container(manifests.Deployment(K8s.Silo), "silo");

        Assert.Equal("true", K8s.EnvValue(manifests, silo, ApiEnabled)?.ToLowerInvariant());
        Assert.Null(manifests.Find("Deployment", K8s.Api));
        Assert.Empty(manifests.OfKind("HorizontalPodAutoscaler"));
        Assert.Null(manifests.Find("PodDisruptionBudget", K8s.Api));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Split_silos_do_not_serve_the_api_and_api_pods_do(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.Container(manifests.Deployment(K8s.Silo), "silo");

        // Unset would be off too; the component says so explicitly.
        Assert.Equal("false", K8s.EnvValue(manifests, silo, ApiEnabled)?.ToLowerInvariant());
        Assert.NotNull(manifests.Find("Deployment", K8s.Api));
        Assert.NotNull(manifests.Find("HorizontalPodAutoscaler", K8s.Api));
        Assert.NotNull(manifests.Find("PodDisruptionBudget", K8s.Api));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.PublicApiServers), MemberType = typeof(Overlays))]
    public void Public_service_maps_port_80_to_the_http_port_of_the_pods_that_serve_the_api(
        string overlay, string deployment, string container, int httpPort)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var service = manifests.Get("Service", K8s.Api);
        var server = manifests.Deployment(deployment);

        Assert.Equal("ClusterIP", service.Str("spec", "type") ?? "ClusterIP");
        var selected = manifests.Workloads.Where(w => K8s.ServiceSelects(service, K8s.PodLabels(w))).ToList();
        Assert.Equal([K8s.Describe(server)], selected.Select(K8s.Describe));
        var port = Assert.Single(service.Items("spec", "ports"));
        Assert.Equal(80, port.Int("port"));
        var serving = K8s.Container(server, container);
        Assert.Equal(httpPort, K8s.ResolvePort(serving, port.At("targetPort")));
        Assert.EndsWith($":{httpPort}", K8s.EnvValue(manifests, serving, "ASPNETCORE_URLS"), StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.PublicApiServers), MemberType = typeof(Overlays))]
    public void Pods_behind_the_public_service_leave_it_before_they_stop_serving(
        string overlay, string deployment, string container, int httpPort)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var server = K8s.Container(manifests.Deployment(deployment), container);

        // Readiness routes requests only to pods that can answer them...
        var readiness = server.At("readinessProbe", "httpGet");
        Assert.True(readiness is not null, "the pods behind the public Service need an httpGet readiness probe");
        Assert.Equal("/readyz", readiness.Str("path"));
        Assert.Equal(httpPort, K8s.ResolvePort(server, readiness.At("port")));
        // ...and a stopping pod keeps serving until its endpoint removal has reached every proxy
        // (the grace period covers it: WorkloadTests).
        Assert.True(server.Int("lifecycle", "preStop", "sleep", "seconds") >= 5, "preStop must sleep at least 5 s");
    }

    [KubectlTheory]
    [InlineData(Overlays.Dev, K8s.Silo, "silo", "http://localhost:8080")]
    [InlineData(Overlays.Production, K8s.Silo, "silo", "https://auth.nox.energy")]
    [InlineData(Overlays.DevSplit, K8s.Api, "api", "http://localhost:8080")]
    [InlineData(Overlays.ProductionSplit, K8s.Api, "api", "https://auth.nox.energy")]
    public void The_api_gets_the_public_base_url_of_its_environment(string overlay, string deployment, string container, string publicBaseUrl)
    {
        var manifests = fixture.Render(overlay).Manifests;

        Assert.Equal(publicBaseUrl, K8s.EnvValue(manifests, K8s.Container(manifests.Deployment(deployment), container), "Nox__PublicBaseUrl"));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_nox_object_is_labelled_as_part_of_nox_orleans(string overlay)
    {
        // Also those the component adds: the base's `labels:` do not reach them.
        var nox = fixture.Render(overlay).Manifests.Objects
            .Where(o => o.Str("metadata", "labels", "app.kubernetes.io/name")?.StartsWith("nox-", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(nox);
        foreach (var obj in nox)
        {
            Assert.True(obj.Str("metadata", "labels", "app.kubernetes.io/part-of") == "nox-orleans", $"{K8s.Describe(obj)} lacks app.kubernetes.io/part-of");
        }
    }
}
