using System.Security.Cryptography;
using System.Text;
using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>What differs between the environments: where Redis comes from, secrets and images.</summary>
[Collection(DeployCollection.Name)]
public sealed class OverlayTests(DeployFixture fixture)
{
    [KubectlFact]
    public void Dev_overlay_runs_redis_as_a_statefulset_with_aof_fsync_always_and_a_pvc()
    {
        var redis = fixture.Render(Overlays.Dev).Manifests.Get("StatefulSet", "redis");
        var container = K8s.Container(redis, "redis");
        var args = container.Strings("command").Concat(container.Strings("args")).ToList();

        Assert.StartsWith("redis:7", container.Str("image"), StringComparison.Ordinal);
        Assert.Equal(1, redis.Int("spec", "replicas"));
        Assert.Equal("yes", ArgumentAfter(args, "--appendonly"));
        Assert.Equal("always", ArgumentAfter(args, "--appendfsync"));
        var claim = Assert.Single(redis.Items("spec", "volumeClaimTemplates"));
        Assert.False(string.IsNullOrEmpty(claim.Str("spec", "resources", "requests", "storage")), "PVC size");
        var mount = Assert.Single(container.Items("volumeMounts"), m => m.Str("name") == claim.Str("metadata", "name"));
        Assert.Equal(ArgumentAfter(args, "--dir") ?? "/data", mount.Str("mountPath"));
    }

    [KubectlFact]
    public void Dev_overlay_points_nox_redis_at_the_in_cluster_redis_service()
    {
        var manifests = fixture.Render(Overlays.Dev).Manifests;
        var secret = manifests.FindGenerated("Secret", "nox-redis");
        var service = manifests.Get("Service", "redis");

        Assert.True(secret is not null, "dev must generate the nox-redis Secret");
        Assert.Equal("redis:6379", K8s.SecretValue(secret, "connection-string"));
        Assert.Contains(service.Items("spec", "ports"), p => p.Int("port") == 6379);
        Assert.True(K8s.ServiceSelects(service, K8s.PodLabels(manifests.Get("StatefulSet", "redis"))), "Service redis must select the Redis pod");
    }

    [KubectlFact]
    public void Dev_overlay_supplier_secret_holds_the_hash_of_the_documented_demo_key()
    {
        var secret = fixture.Render(Overlays.Dev).Manifests.FindGenerated("Secret", "nox-suppliers");

        Assert.True(secret is not null, "dev must generate the nox-suppliers Secret");
        Assert.Equal("demo", K8s.SecretValue(secret, "Nox__Suppliers__0__Name"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("nox-dev-demo-key")));
        Assert.Equal(expected, K8s.SecretValue(secret, "Nox__Suppliers__0__ApiKeySha256__0"));
        Assert.False(string.IsNullOrEmpty(K8s.SecretValue(secret, "Nox__Suppliers__0__AllowedRedirectUrls__0")), "an allowed redirect URL");
        Assert.Null(K8s.SecretValue(secret, "Nox__Suppliers__0__ApiKeys__0")); // no plain-text key
    }

    [KubectlTheory]
    [InlineData(Overlays.Production)]
    [InlineData(Overlays.ProductionSplit)]
    public void Production_overlay_runs_no_redis_of_its_own(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;

        Assert.Empty(manifests.OfKind("StatefulSet"));
        Assert.DoesNotContain(manifests.Objects, o => o.Str("metadata", "name") == "redis");
        Assert.DoesNotContain(
            manifests.Objects.Where(o => o.Str("kind") is "Deployment").SelectMany(K8s.Containers),
            c => c.Str("image")?.StartsWith("redis", StringComparison.Ordinal) == true);
    }

    [KubectlTheory]
    [InlineData(Overlays.Production)]
    [InlineData(Overlays.ProductionSplit)]
    public void Production_overlay_reads_secrets_the_operator_creates(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.Container(manifests.Deployment(K8s.Silo), "silo");

        // No Secret is rendered (nothing secret is committed); the references use the fixed names.
        Assert.Empty(manifests.OfKind("Secret"));
        foreach (var container in manifests.OfKind("Deployment").SelectMany(K8s.Containers))
        {
            Assert.Equal("nox-redis", K8s.Env(container, "ConnectionStrings__redis").Str("valueFrom", "secretKeyRef", "name"));
        }

        Assert.Contains(silo.Items("envFrom"), s => s.Str("secretRef", "name") == "nox-suppliers");
    }

    [KubectlTheory]
    [InlineData(Overlays.Production)]
    [InlineData(Overlays.ProductionSplit)]
    public void Production_overlay_pins_image_tags(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var images = manifests.OfKind("Deployment").SelectMany(K8s.Containers).Select(c => c.Str("image") ?? string.Empty).ToList();

        Assert.NotEmpty(images);
        foreach (var image in images)
        {
            var pinned = image.Contains("@sha256:", StringComparison.Ordinal)
                || (image.LastIndexOf(':') > image.LastIndexOf('/') && !image.EndsWith(":latest", StringComparison.Ordinal));
            Assert.True(pinned, $"image {image} is not pinned to a tag or digest");
        }
    }

    [KubectlTheory]
    [InlineData(Overlays.Dev, Overlays.Production)]
    [InlineData(Overlays.DevSplit, Overlays.ProductionSplit)]
    public void Dev_overlay_requests_less_than_production_for_every_nox_container(string dev, string production)
    {
        // So that the dev cluster fits on a laptop; the API pods' patch applies only once the split component adds them.
        var small = fixture.Render(dev).Manifests;
        var large = fixture.Render(production).Manifests;

        foreach (var deployment in large.OfKind("Deployment"))
        {
            var name = deployment.Str("metadata", "name") ?? string.Empty;
            foreach (var container in K8s.Containers(deployment))
            {
                var devContainer = K8s.Container(small.Deployment(name), container.Str("name") ?? string.Empty);
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    var devRequest = K8s.Quantity(devContainer.Str("resources", "requests", resource));
                    var productionRequest = K8s.Quantity(container.Str("resources", "requests", resource));
                    Assert.True(devRequest < productionRequest, $"{name}/{container.Str("name")}: dev requests {resource} {devRequest}, production {productionRequest}");
                }
            }
        }
    }

    private static string? ArgumentAfter(List<string> args, string flag)
    {
        var index = args.IndexOf(flag);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }
}
