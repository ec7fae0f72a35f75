using System.Text.Json.Nodes;
using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>Who may connect to the silos' ports, in each topology.</summary>
[Collection(DeployCollection.Name)]
public sealed class NetworkPolicyTests(DeployFixture fixture)
{
    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Gateway_port_30000_admits_only_api_pods_when_the_api_is_split(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var api = K8s.PodLabels(manifests.Deployment(K8s.Api));
        var admitting = RulesAdmitting(SiloIngress(manifests), K8s.GatewayPort).ToList();

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
        var rules = SiloIngress(fixture.Render(overlay).Manifests);

        Assert.Empty(RulesAdmitting(rules, K8s.GatewayPort));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_port_11111_admits_only_silo_pods(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.PodLabels(manifests.Deployment(K8s.Silo));
        var admitting = RulesAdmitting(SiloIngress(manifests), K8s.SiloPort).ToList();

        Assert.NotEmpty(admitting);
        foreach (var peer in admitting.SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
            Assert.True(SelectsExactly(peer, silo), $"{K8s.SiloPort} is open to {peer.ToJsonString()}");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Http_port_8081_admits_pods_of_the_namespace(string overlay)
    {
        var rules = SiloIngress(fixture.Render(overlay).Manifests);

        Assert.Contains(
            RulesAdmitting(rules, K8s.SiloHttpPort).SelectMany(Peers),
            p => IsEveryone(p) || (p.At("namespaceSelector") is null && p.At("podSelector") is JsonObject { Count: 0 }));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.CoHosted), MemberType = typeof(Overlays))]
    public void Http_port_8081_admits_any_source_when_the_api_is_co_hosted(string overlay)
    {
        // The public API: the ingress controller, usually in another namespace, must reach it.
        var rules = SiloIngress(fixture.Render(overlay).Manifests);

        Assert.Contains(RulesAdmitting(rules, K8s.SiloHttpPort).SelectMany(Peers), IsEveryone);
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.Split), MemberType = typeof(Overlays))]
    public void Http_port_8081_stays_inside_the_namespace_when_the_api_is_split(string overlay)
    {
        var rules = SiloIngress(fixture.Render(overlay).Manifests);

        foreach (var peer in RulesAdmitting(rules, K8s.SiloHttpPort).SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
        }
    }

    /// <summary>The ingress rules of the policies that select silo pods.</summary>
    private static List<JsonObject> SiloIngress(Manifests manifests)
    {
        var silo = K8s.PodLabels(manifests.Deployment(K8s.Silo));
        var policies = manifests.OfKind("NetworkPolicy")
            .Where(p => p.Strings("spec", "policyTypes").Contains("Ingress") && K8s.Selects(p.At("spec", "podSelector"), silo))
            .ToList();

        Assert.NotEmpty(policies);
        return policies.SelectMany(p => p.Items("spec", "ingress")).ToList();
    }

    /// <summary>Rules that open the port: listed explicitly (or by range), or a rule without ports, which opens all.</summary>
    private static IEnumerable<JsonObject> RulesAdmitting(IEnumerable<JsonObject> rules, int port) =>
        rules.Where(r => r.At("ports") is not JsonArray { Count: > 0 }
            || r.Items("ports").Any(p => p.Int("port") == port
                || (p.Int("port") <= port && p.Int("endPort") >= port)
                || p.At("port") is null));

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
