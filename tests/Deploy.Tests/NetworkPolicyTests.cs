using System.Text.Json.Nodes;
using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>Who may connect to the silos' ports and to the public API, in each topology.</summary>
[Collection(DeployCollection.Name)]
public sealed class NetworkPolicyTests(DeployFixture fixture)
{
    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Gateway_port_30000_admits_only_api_pods_when_the_api_is_split(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var api = K8s.PodLabels(manifests.Deployment(K8s.Api));
        var admitting = Ingress(manifests, K8s.Silo, "silo").Admitting(K8s.GatewayPort).ToList();

        Assert.NotEmpty(admitting);
        foreach (var peer in admitting.SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
            Assert.True(SelectsExactly(peer, api), $"{K8s.GatewayPort} is open to {peer.ToJsonString()}");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.CoHosted), MemberType = typeof(Overlays))]
    public void Gateway_port_30000_admits_no_one_when_the_api_is_co_hosted(string overlay)
    {
        // No Orleans client runs: the API calls grains inside the silo process.
        var ingress = Ingress(fixture.Render(overlay).Manifests, K8s.Silo, "silo");

        Assert.Empty(ingress.Admitting(K8s.GatewayPort));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_port_11111_admits_only_silo_pods(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.PodLabels(manifests.Deployment(K8s.Silo));
        var admitting = Ingress(manifests, K8s.Silo, "silo").Admitting(K8s.SiloPort).ToList();

        Assert.NotEmpty(admitting);
        foreach (var peer in admitting.SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
            Assert.True(SelectsExactly(peer, silo), $"{K8s.SiloPort} is open to {peer.ToJsonString()}");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_http_port_8081_admits_pods_of_the_namespace(string overlay)
    {
        var ingress = Ingress(fixture.Render(overlay).Manifests, K8s.Silo, "silo");

        Assert.Contains(
            ingress.Admitting(K8s.SiloHttpPort).SelectMany(Peers),
            p => IsEveryone(p) || (p.At("namespaceSelector") is null && p.At("podSelector") is JsonObject { Count: 0 }));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.PublicApiServers), MemberType = typeof(Overlays))]
    public void Pods_that_serve_the_api_admit_any_source_on_their_http_port_and_nowhere_else(
        string overlay, string deployment, string container, int httpPort)
    {
        // The public API: the ingress controller, usually in another namespace, must reach it.
        var ingress = Ingress(fixture.Render(overlay).Manifests, deployment, container);

        Assert.Contains(ingress.Admitting(httpPort).SelectMany(Peers), IsEveryone);
        foreach (var rule in ingress.Rules.Where(r => Peers(r).Any(IsEveryone)))
        {
            Assert.True(rule.At("ports") is JsonArray { Count: > 0 }, $"a rule opens every port to everyone: {rule.ToJsonString()}");
            Assert.All(rule.Items("ports"), p => Assert.Equal(httpPort, K8s.ResolvePort(ingress.Container, p.At("port"))));
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Silo_http_port_8081_stays_inside_the_namespace_when_the_api_is_split(string overlay)
    {
        var ingress = Ingress(fixture.Render(overlay).Manifests, K8s.Silo, "silo");

        foreach (var peer in ingress.Admitting(K8s.SiloHttpPort).SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
        }
    }

    /// <summary>The ingress rules of the policies that select a workload's pods, with its container to resolve named ports.</summary>
    private static PodIngress Ingress(Manifests manifests, string deployment, string container)
    {
        var workload = manifests.Deployment(deployment);
        var labels = K8s.PodLabels(workload);
        var policies = manifests.OfKind("NetworkPolicy")
            .Where(p => p.Strings("spec", "policyTypes").Contains("Ingress") && K8s.Selects(p.At("spec", "podSelector"), labels))
            .ToList();

        Assert.NotEmpty(policies);
        return new PodIngress(K8s.Container(workload, container), policies.SelectMany(p => p.Items("spec", "ingress")).ToList());
    }

    private sealed record PodIngress(JsonObject Container, List<JsonObject> Rules)
    {
        /// <summary>Rules that open the port: listed by number or name (or in a range), or a rule without ports, which opens all.</summary>
        public IEnumerable<JsonObject> Admitting(int port) =>
            Rules.Where(r => r.At("ports") is not JsonArray { Count: > 0 }
                || r.Items("ports").Any(p => p.At("port") is null
                    || (p.Str("port") is { } name ? Container.Items("ports").Any(c => c.Str("name") == name && c.Int("containerPort") == port) : p.Int("port") == port)
                    || (p.Int("port") <= port && p.Int("endPort") >= port)));
    }

    /// <summary>A rule's peers; a rule without <c>from</c> admits everyone (<see cref="IsEveryone"/>), which no Orleans port may have.</summary>
    private static IEnumerable<JsonObject> Peers(JsonObject rule) =>
        rule.At("from") is JsonArray { Count: > 0 } from
            ? from.OfType<JsonObject>()
            : [new JsonObject { ["everyone"] = true }];

    private static bool IsEveryone(JsonObject peer) => peer.Bool("everyone") == true;

    private static void AssertPodSelectorOnly(JsonObject peer)
    {
        Assert.True(peer.At("podSelector") is JsonObject, $"peer {peer.ToJsonString()} is not a pod selector");
        Assert.Null(peer.At("namespaceSelector"));
        Assert.Null(peer.At("ipBlock"));
    }

    /// <summary>The peer's pod selector selects these pods and is not an empty (select-all) selector.</summary>
    private static bool SelectsExactly(JsonObject peer, JsonObject podLabels) =>
        peer.At("podSelector") is JsonObject selector
        && (selector["matchLabels"] is JsonObject { Count: > 0 } || selector["matchExpressions"] is JsonArray { Count: > 0 })
        && K8s.Selects(selector, podLabels);
}
