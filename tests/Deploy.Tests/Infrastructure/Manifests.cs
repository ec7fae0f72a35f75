using System.Text.Json.Nodes;

namespace Nox.Deploy.Tests.Infrastructure;

/// <summary>The objects of one rendering, with lookups by kind and name.</summary>
public sealed class Manifests(IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<JsonObject> Objects { get; } = objects;

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    public JsonObject? Find(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => o.Str("metadata", "name") == name);

    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException(
            $"No {kind} named {name}; rendered: {string.Join(", ", Objects.Select(K8s.Describe))}");

    /// <summary>A ConfigMap or Secret by the name it was declared with, with or without kustomize's hash suffix.</summary>
    public JsonObject? FindGenerated(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => K8s.IsGeneratedName(o.Str("metadata", "name"), name));

    public JsonObject Deployment(string name) => Get("Deployment", name);

    /// <summary>The pod-running workloads (Deployments, StatefulSets, ...).</summary>
    public IEnumerable<JsonObject> Workloads =>
        Objects.Where(o => o.Str("kind") is "Deployment" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob");
}

/// <summary>Navigation helpers for Kubernetes objects held as JSON.</summary>
public static class K8s
{
    /// <summary>The silos' Deployment (and headless Service).</summary>
    public const string Silo = "nox-silo";

    /// <summary>The split topology's API Deployment, and the public Service in both topologies.</summary>
    public const string Api = "nox-api";

    // The app's defaults (src/Grains/Hosting/SiloBuilderExtensions.cs, src/ServiceDefaults/NoxClusterOptions.cs, src/Api/Dockerfile).
    public const int SiloHttpPort = 8081;
    public const int SiloPort = 11111;
    public const int GatewayPort = 30000;
    public const int ApiHttpPort = 8080;

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Int(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static IEnumerable<JsonObject> Items(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : v.ToJsonString())
            : [];

    public static string Describe(JsonObject obj) => $"{obj.Str("kind")}/{obj.Str("metadata", "name")}";

    /// <summary>True for <paramref name="name"/> itself or name-&lt;kustomize hash&gt;.</summary>
    public static bool IsGeneratedName(string? actual, string name) =>
        actual == name
        || (actual is not null && actual.StartsWith(name + "-", StringComparison.Ordinal)
            && actual.Length == name.Length + 11 && actual[(name.Length + 1)..].All(char.IsAsciiLetterOrDigit));

    public static JsonObject PodSpec(JsonObject workload) =>
        workload.At("spec", "template", "spec") as JsonObject
        ?? throw new Xunit.Sdk.XunitException($"{Describe(workload)} has no pod template spec.");

    public static JsonObject PodLabels(JsonObject workload) =>
        workload.At("spec", "template", "metadata", "labels") as JsonObject ?? [];

    public static IEnumerable<JsonObject> Containers(JsonObject workload) =>
        PodSpec(workload).Items("initContainers").Concat(PodSpec(workload).Items("containers"));

    public static JsonObject Container(JsonObject workload, string name) =>
        PodSpec(workload).Items("containers").SingleOrDefault(c => c.Str("name") == name)
        ?? throw new Xunit.Sdk.XunitException($"{Describe(workload)} has no container named {name}.");

    public static JsonObject? Env(JsonObject container, string name) =>
        container.Items("env").SingleOrDefault(e => e.Str("name") == name);

    /// <summary>
    /// The value a container sees for an environment variable: a literal <c>env</c> value, else the
    /// key from a ConfigMap it loads with <c>envFrom</c> (ConfigMaps must be in the rendering).
    /// </summary>
    public static string? EnvValue(Manifests manifests, JsonObject container, string name)
    {
        if (Env(container, name) is { } env)
        {
            return env.Str("value");
        }

        string? value = null;
        foreach (var source in container.Items("envFrom"))
        {
            var prefix = source.Str("prefix") ?? string.Empty;
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && source.Str("configMapRef", "name") is { } configMap
                && manifests.Find("ConfigMap", configMap)?.Str("data", name[prefix.Length..]) is { } fromMap)
            {
                value = fromMap; // later sources win, as in the kubelet
            }
        }

        return value;
    }

    /// <summary>A probe's or Service's port as a number, resolving a named port against the container.</summary>
    public static int ResolvePort(JsonObject container, JsonNode? port)
    {
        if (port is JsonValue value && value.TryGetValue<int>(out var number))
        {
            return number;
        }

        var name = port?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("Port is missing.");
        return container.Items("ports").SingleOrDefault(p => p.Str("name") == name)?.Int("containerPort")
            ?? throw new Xunit.Sdk.XunitException($"Container {container.Str("name")} has no port named {name}.");
    }

    public static int ContainerPort(JsonObject container, string name) =>
        container.Items("ports").SingleOrDefault(p => p.Str("name") == name)?.Int("containerPort")
        ?? throw new Xunit.Sdk.XunitException($"Container {container.Str("name")} has no port named {name}.");

    /// <summary>Whether a label selector (matchLabels and matchExpressions) selects the given labels.</summary>
    public static bool Selects(JsonNode? selector, JsonObject labels)
    {
        if (selector is not JsonObject sel)
        {
            return false;
        }

        string? Label(string key) => labels.Str(key);

        if (sel["matchLabels"] is JsonObject matchLabels
            && matchLabels.Any(kv => Label(kv.Key) != kv.Value?.GetValue<string>()))
        {
            return false;
        }

        foreach (var expression in sel.Items("matchExpressions"))
        {
            var key = expression.Str("key") ?? string.Empty;
            var values = (expression["values"] as JsonArray ?? new JsonArray()).Select(v => v?.GetValue<string>()).ToList();
            var actual = Label(key);
            var ok = expression.Str("operator") switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a Service's (map) selector is non-empty and selects the given labels.</summary>
    public static bool ServiceSelects(JsonObject service, JsonObject labels) =>
        service.At("spec", "selector") is JsonObject { Count: > 0 } selector
        && selector.All(kv => labels.Str(kv.Key) == kv.Value?.GetValue<string>());

    /// <summary>An IntOrString such as maxUnavailable read as a count or percentage; true when it is zero.</summary>
    public static bool IsZero(JsonNode? intOrString) =>
        intOrString is JsonValue value
        && ((value.TryGetValue<int>(out var n) && n == 0)
            || (value.TryGetValue<string>(out var s) && s.TrimEnd('%') == "0"));

    /// <summary>An IntOrString read as a count (percentages are not counts: null).</summary>
    public static int? AsCount(JsonNode? intOrString) =>
        intOrString is JsonValue value && value.TryGetValue<int>(out var n) ? n
        : intOrString is JsonValue text && text.TryGetValue<string>(out var s) && int.TryParse(s, out var m) ? m
        : null;

    /// <summary>A resource quantity (<c>250m</c>, <c>512Mi</c>, <c>1Gi</c>, <c>2</c>) as a number of units; null when absent.</summary>
    public static decimal? Quantity(string? quantity)
    {
        if (string.IsNullOrEmpty(quantity))
        {
            return null;
        }

        (string Suffix, decimal Factor)[] suffixes =
        [
            ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
            ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("m", 1e-3m), (string.Empty, 1m),
        ];
        var unit = suffixes.First(s => quantity.EndsWith(s.Suffix, StringComparison.Ordinal));
        return decimal.Parse(quantity[..^unit.Suffix.Length], System.Globalization.CultureInfo.InvariantCulture) * unit.Factor;
    }

    /// <summary>The decoded value of a Secret's data key (base64, line breaks allowed).</summary>
    public static string? SecretValue(JsonObject secret, string key) =>
        secret.Str("stringData", key)
        ?? (secret.Str("data", key) is { } encoded
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Replace("\n", string.Empty)))
            : null);
}
