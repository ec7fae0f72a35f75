using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>
/// The split topology's stateless API (components/split-api): its port and probes, its autoscaler,
/// its cluster. Its Service is the public one (TopologyTests).
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class ApiManifestTests(DeployFixture fixture)
{
    private const int HttpPort = K8s.ApiHttpPort;

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Api_container_port_and_probes_use_8080(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var container = K8s.Container(manifests.Deployment(K8s.Api), "api");

        Assert.Equal(HttpPort, K8s.ContainerPort(container, "http"));
        Assert.EndsWith($":{HttpPort}", K8s.EnvValue(manifests, container, "ASPNETCORE_URLS"), StringComparison.Ordinal);
        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = container.At(probe, "httpGet");
            Assert.True(get is not null, $"{probe} must be an httpGet probe");
            Assert.Equal(path, get.Str("path"));
            Assert.Equal(HttpPort, K8s.ResolvePort(container, get.At("port")));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Api_hpa_scales_the_api_deployment_on_cpu_from_2_to_10_replicas(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var hpa = Assert.Single(manifests.OfKind("HorizontalPodAutoscaler"));

        Assert.Equal("autoscaling/v2", hpa.Str("apiVersion"));
        Assert.Equal("apps/v1", hpa.Str("spec", "scaleTargetRef", "apiVersion"));
        Assert.Equal("Deployment", hpa.Str("spec", "scaleTargetRef", "kind"));
        Assert.Equal(K8s.Api, hpa.Str("spec", "scaleTargetRef", "name"));
        Assert.Equal(2, hpa.Int("spec", "minReplicas"));
        Assert.Equal(10, hpa.Int("spec", "maxReplicas"));
        Assert.Contains(hpa.Items("spec", "metrics"), m => m.Str("type") == "Resource" && m.Str("resource", "name") == "cpu");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Api_deployment_leaves_the_replica_count_to_the_hpa_and_rolls_without_downtime(string overlay)
    {
        var api = fixture.Render(overlay).Manifests.Deployment(K8s.Api);

        // A declared count would reset a scaled-out API on every apply.
        Assert.Null(api.At("spec", "replicas"));
        Assert.True(K8s.IsZero(api.At("spec", "strategy", "rollingUpdate", "maxUnavailable")), "maxUnavailable must be 0");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Api_and_silos_join_the_same_cluster(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.Container(manifests.Deployment(K8s.Silo), "silo");
        var api = K8s.Container(manifests.Deployment(K8s.Api), "api");

        foreach (var key in new[] { "Orleans__ClusterId", "Orleans__ServiceId" })
        {
            var siloValue = K8s.EnvValue(manifests, silo, key);
            Assert.False(string.IsNullOrEmpty(siloValue), $"silo has no {key}");
            Assert.Equal(siloValue, K8s.EnvValue(manifests, api, key));
        }
    }
}
