using System.Text.Json.Nodes;
using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>Rules every workload follows: hardening, resources, graceful shutdown, secrets.</summary>
[Collection(DeployCollection.Name)]
public sealed class WorkloadTests(DeployFixture fixture)
{
    private const int AppUid = 1654; // the "app" user of the .NET images (APP_UID)

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_container_runs_non_root_read_only_without_privilege_escalation_or_capabilities(string overlay)
    {
        var workloads = fixture.Render(overlay).Manifests.Workloads.ToList();
        Assert.NotEmpty(workloads);

        foreach (var workload in workloads)
        {
            var pod = K8s.PodSpec(workload);
            foreach (var container in K8s.Containers(workload))
            {
                var where = $"{K8s.Describe(workload)} container {container.Str("name")}";
                Assert.True((container.Bool("securityContext", "runAsNonRoot") ?? pod.Bool("securityContext", "runAsNonRoot")) == true, $"{where}: runAsNonRoot");
                Assert.True(container.Bool("securityContext", "readOnlyRootFilesystem") == true, $"{where}: readOnlyRootFilesystem");
                Assert.True(container.Bool("securityContext", "allowPrivilegeEscalation") == false, $"{where}: allowPrivilegeEscalation");
                Assert.Contains("ALL", container.Strings("securityContext", "capabilities", "drop"));
                Assert.Empty(container.Strings("securityContext", "capabilities", "add"));
                Assert.Equal("RuntimeDefault", container.Str("securityContext", "seccompProfile", "type") ?? pod.Str("securityContext", "seccompProfile", "type"));
            }
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.AllWithNoxWorkloads), MemberType = typeof(Overlays))]
    public void Nox_containers_run_as_the_app_uid_with_a_writable_tmp(string overlay, string deployment)
    {
        var workload = fixture.Render(overlay).Manifests.Deployment(deployment);
        var pod = K8s.PodSpec(workload);

        Assert.Equal(AppUid, pod.Int("securityContext", "runAsUser"));
        foreach (var container in K8s.Containers(workload))
        {
            Assert.Equal(AppUid, container.Int("securityContext", "runAsUser") ?? AppUid);
            var tmp = Assert.Single(container.Items("volumeMounts"), m => m.Str("mountPath") == "/tmp");
            var volume = Assert.Single(pod.Items("volumes"), v => v.Str("name") == tmp.Str("name"));
            Assert.NotNull(volume.At("emptyDir"));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.AllWithNoxWorkloads), MemberType = typeof(Overlays))]
    public void Nox_containers_request_cpu_and_memory_and_limit_memory_but_not_cpu(string overlay, string deployment)
    {
        foreach (var container in K8s.Containers(fixture.Render(overlay).Manifests.Deployment(deployment)))
        {
            Assert.False(string.IsNullOrEmpty(container.Str("resources", "requests", "cpu")), "cpu request");
            Assert.False(string.IsNullOrEmpty(container.Str("resources", "requests", "memory")), "memory request");
            Assert.False(string.IsNullOrEmpty(container.Str("resources", "limits", "memory")), "memory limit");
            Assert.Null(container.At("resources", "limits", "cpu"));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.AllWithNoxWorkloads), MemberType = typeof(Overlays))]
    public void Grace_period_exceeds_pre_stop_plus_the_host_shutdown_timeout(string overlay, string deployment)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var workload = manifests.Deployment(deployment);
        var grace = K8s.PodSpec(workload).Int("terminationGracePeriodSeconds") ?? 30;

        foreach (var container in K8s.Containers(workload))
        {
            var timeout = K8s.EnvValue(manifests, container, "DOTNET_shutdownTimeoutSeconds");
            Assert.True(int.TryParse(timeout, out var shutdown), $"{container.Str("name")}: DOTNET_shutdownTimeoutSeconds must be set, was '{timeout}'");
            var preStop = container.Int("lifecycle", "preStop", "sleep", "seconds") ?? 0;
            Assert.True(grace > preStop + shutdown, $"terminationGracePeriodSeconds {grace} <= preStop {preStop} + shutdown {shutdown}");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.AllWithNoxWorkloads), MemberType = typeof(Overlays))]
    public void Redis_connection_string_comes_from_the_nox_redis_secret(string overlay, string deployment)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var container = K8s.Containers(manifests.Deployment(deployment)).Single();

        var env = K8s.Env(container, "ConnectionStrings__redis");
        Assert.True(env is not null, "ConnectionStrings__redis is not set");
        Assert.Null(env.At("value"));
        Assert.True(K8s.IsGeneratedName(env.Str("valueFrom", "secretKeyRef", "name"), "nox-redis"), env.ToJsonString());
        Assert.Equal("connection-string", env.Str("valueFrom", "secretKeyRef", "key"));
        Assert.NotEqual(true, env.Bool("valueFrom", "secretKeyRef", "optional"));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_reads_suppliers_from_the_nox_suppliers_secret_only(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var container = K8s.Container(manifests.Deployment(K8s.Silo), "silo");

        Assert.Contains(container.Items("envFrom"), s => K8s.IsGeneratedName(s.Str("secretRef", "name"), "nox-suppliers"));
        Assert.DoesNotContain(container.Items("env"), e => e.Str("name")?.StartsWith("Nox__Suppliers", StringComparison.Ordinal) == true);
        foreach (var configMap in manifests.OfKind("ConfigMap"))
        {
            Assert.DoesNotContain((configMap["data"] as JsonObject ?? new JsonObject()).Select(kv => kv.Key), k => k.StartsWith("Nox__Suppliers", StringComparison.Ordinal));
        }
    }

}
