using System.Text.Json.Nodes;
using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>Who may connect to the silos' Orleans ports.</summary>
[Collection(DeployCollection.Name)]
public sealed class NetworkPolicyTests(DeployFixture fixture)
{
    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Gateway_port_30000_admits_only_api_and_silo_pods(string overlay)
    {
        var (silo, api, rules) = SiloIngress(overlay);
        var admitting = RulesAdmitting(rules, 30000).ToList();

        Assert.NotEmpty(admitting);
        foreach (var peer in admitting.SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
            Assert.True(SelectsExactly(peer, silo) || SelectsExactly(peer, api), $"30000 is open to {peer.ToJsonString()}");
        }

        Assert.Contains(admitting.SelectMany(Peers), p => SelectsExactly(p, api));
        Assert.Contains(admitting.SelectMany(Peers), p => SelectsExactly(p, silo));
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Silo_port_11111_admits_only_silo_pods(string overlay)
    {
        var (silo, _, rules) = SiloIngress(overlay);
        var admitting = RulesAdmitting(rules, 11111).ToList();

        Assert.NotEmpty(admitting);
        foreach (var peer in admitting.SelectMany(Peers))
        {
            AssertPodSelectorOnly(peer);
            Assert.True(SelectsExactly(peer, silo), $"11111 is open to {peer.ToJsonString()}");
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Http_port_8081_admits_pods_of_the_namespace(string overlay)
    {
        var (_, _, rules) = SiloIngress(overlay);

        Assert.Contains(
            RulesAdmitting(rules, 8081).SelectMany(Peers),
            p => p.At("namespaceSelector") is null && p.At("podSelector") is JsonObject { Count: 0 });
    }

    /// <summary>The silo pods' labels, the API pods' labels and the ingress rules of the policies that select silo pods.</summary>
    private (JsonObject Silo, JsonObject Api, List<JsonObject> Rules) SiloIngress(string overlay)
    {
        var manifests = fixture.Render(overlay).Manifests;
        var silo = K8s.PodLabels(manifests.Deployment(K8s.Silo));
        var api = K8s.PodLabels(manifests.Deployment(K8s.Api));
        var policies = manifests.OfKind("NetworkPolicy")
            .Where(p => p.Strings("spec", "policyTypes").Contains("Ingress") && K8s.Selects(p.At("spec", "podSelector"), silo))
            .ToList();

        Assert.NotEmpty(policies);
        return (silo, api, policies.SelectMany(p => p.Items("spec", "ingress")).ToList());
    }

    /// <summary>Rules that open the port: listed explicitly (or by range), or a rule without ports, which opens all.</summary>
    private static IEnumerable<JsonObject> RulesAdmitting(IEnumerable<JsonObject> rules, int port) =>
        rules.Where(r => r.At("ports") is not JsonArray { Count: > 0 }
            || r.Items("ports").Any(p => p.Int("port") == port
                || (p.Int("port") <= port && p.Int("endPort") >= port)
                || p.At("port") is null));

    /// <summary>A rule's peers; a rule without <c>from</c> admits everyone, which no Orleans port may have.</summary>
    private static IEnumerable<JsonObject> Peers(JsonObject rule) =>
        rule.At("from") is JsonArray { Count: > 0 } from
            ? from.OfType<JsonObject>()
            : [new JsonObject { ["everyone"] = true }];

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
