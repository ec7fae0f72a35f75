using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>What the Orleans silos need from their Deployment, in every overlay.</summary>
[Collection(DeployCollection.Name)]
public sealed class SiloManifestTests(DeployFixture fixture)
{
    // The app's defaults (src/Grains/Hosting/SiloBuilderExtensions.cs, src/ServiceDefaults/NoxClusterOptions.cs).
    private const int HttpPort = K8s.SiloHttpPort;
    private const int SiloPort = 11111;
    private const int GatewayPort = 30000;

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_deployment_runs_at_least_three_replicas(string overlay)
    {
        var silo = fixture.Render(overlay).Manifests.Deployment(K8s.Silo);

        Assert.True(silo.Int("spec", "replicas") >= 3, $"replicas: {silo.At("spec", "replicas")}");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_rolling_update_stops_no_silo_before_its_replacement_is_ready(string overlay)
    {
        var strategy = fixture.Render(overlay).Manifests.Deployment(K8s.Silo).At("spec", "strategy");

        Assert.Equal("RollingUpdate", strategy.Str("type"));
        Assert.True(K8s.IsZero(strategy.At("rollingUpdate", "maxUnavailable")), "maxUnavailable must be 0");
        Assert.True(K8s.AsCount(strategy.At("rollingUpdate", "maxSurge")) >= 1, "maxSurge must be at least 1");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_probes_check_healthz_and_readyz_on_port_8081(string overlay)
    {
        var container = K8s.Container(fixture.Render(overlay).Manifests.Deployment(K8s.Silo), "silo");

        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
        {
            var get = container.At(probe, "httpGet");
            Assert.True(get is not null, $"{probe} must be an httpGet probe");
            Assert.Equal(path, get.Str("path"));
            Assert.Equal(HttpPort, K8s.ResolvePort(container, get.At("port")));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_gets_pod_name_namespace_and_ip_from_the_downward_api(string overlay)
    {
        var container = K8s.Container(fixture.Render(overlay).Manifests.Deployment(K8s.Silo), "silo");

        foreach (var (name, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("POD_IP", "status.podIP") })
        {
            var env = K8s.Env(container, name);
            Assert.True(env is not null, $"env {name} is missing");
            Assert.Equal(field, env.Str("valueFrom", "fieldRef", "fieldPath"));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_container_ports_match_the_app_defaults(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var container = K8s.Container(manifests.Deployment(K8s.Silo), "silo");

        Assert.Equal(HttpPort, K8s.ContainerPort(container, "http"));
        Assert.Equal(SiloPort, K8s.ContainerPort(container, "silo"));
        Assert.Equal(GatewayPort, K8s.ContainerPort(container, "gateway"));
        // Settings that would move the app off those ports must agree with them.
        Assert.EndsWith($":{HttpPort}", K8s.EnvValue(manifests, container, "ASPNETCORE_URLS") ?? $":{HttpPort}", StringComparison.Ordinal);
        Assert.Equal($"{SiloPort}", K8s.EnvValue(manifests, container, "Orleans__SiloPort") ?? $"{SiloPort}");
        Assert.Equal($"{GatewayPort}", K8s.EnvValue(manifests, container, "Orleans__GatewayPort") ?? $"{GatewayPort}");
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_pdb_selects_only_silo_pods_and_allows_one_disruption(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = manifests.Deployment(K8s.Silo);
        var pdb = manifests.OfKind("PodDisruptionBudget")
            .Single(p => K8s.Selects(p.At("spec", "selector"), K8s.PodLabels(silo)));

        foreach (var other in manifests.Workloads.Where(w => w != silo))
        {
            Assert.False(K8s.Selects(pdb.At("spec", "selector"), K8s.PodLabels(other)), $"the silo PDB selects {K8s.Describe(other)}");
        }

        Assert.Equal(1, K8s.AsCount(pdb.At("spec", "maxUnavailable")));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_service_exposes_the_http_silo_and_gateway_ports(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = manifests.Deployment(K8s.Silo);
        var container = K8s.Container(silo, "silo");
        var service = manifests.Get("Service", K8s.Silo);

        Assert.True(K8s.ServiceSelects(service, K8s.PodLabels(silo)), "the Service must select the silo pods");
        var targets = service.Items("spec", "ports").Select(p => K8s.ResolvePort(container, p.At("targetPort"))).ToHashSet();
        Assert.Superset(new HashSet<int> { HttpPort, SiloPort, GatewayPort }, targets);
    }
}
