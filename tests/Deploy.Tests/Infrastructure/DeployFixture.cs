using System.Collections.Concurrent;

namespace Nox.Deploy.Tests.Infrastructure;

/// <summary>
/// Shared by every deploy test: renders each kustomization once and installs the validator's
/// dependencies once (npm ci, only when node_modules is missing or older than the lockfile).
/// </summary>
public sealed class DeployFixture
{
    private readonly ConcurrentDictionary<string, Lazy<Rendering>> renderings = new();
    private readonly Lazy<string> validatorReady = new(PrepareValidator);

    /// <summary>Renders a kustomization directory given relative to deploy/k8s, e.g. "overlays/dev".</summary>
    public Rendering Render(string kustomization) =>
        renderings.GetOrAdd(kustomization, k => new Lazy<Rendering>(() => RenderNow(Path.Combine(Repository.K8s, k)))).Value;

    /// <summary>Renders a kustomization at an absolute path (not cached).</summary>
    public static Rendering RenderNow(string directory)
    {
        var kubectl = Tools.RequireKubectl();
        var result = ProcessRunner.Run(kubectl, ["kustomize", directory]);
        return new Rendering(directory, result);
    }

    /// <summary>Runs deploy/k8s/validate on YAML given on standard input.</summary>
    public ProcessResult Validate(string yaml)
    {
        var node = validatorReady.Value;
        return ProcessRunner.Run(node, ["validate.mjs", "-"], Repository.Validator, yaml);
    }

    private static string PrepareValidator()
    {
        var node = Tools.RequireNode();
        var installed = Path.Combine(Repository.Validator, "node_modules", ".package-lock.json");
        var lockfile = Path.Combine(Repository.Validator, "package-lock.json");
        if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(lockfile))
        {
            var npm = Tools.RequireNpm();
            var result = ProcessRunner.Run(
                npm, ["ci", "--no-audit", "--no-fund"], Repository.Validator, timeout: TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Repository.Validator} failed: {result}");
            }
        }

        return node;
    }
}

/// <summary>The output of <c>kubectl kustomize</c> for one directory, parsed.</summary>
public sealed class Rendering(string directory, ProcessResult result)
{
    private readonly Lazy<Manifests> manifests = new(() => new Manifests(Infrastructure.Yaml.ParseDocuments(result.StandardOutput)));

    public string Directory { get; } = directory;

    public ProcessResult Result { get; } = result;

    public string Yaml => Result.StandardOutput;

    /// <summary>The parsed objects; fails the calling test if rendering failed.</summary>
    public Manifests Manifests
    {
        get
        {
            Assert.True(Result.ExitCode == 0, $"kubectl kustomize {Directory} failed: {Result}");
            return manifests.Value;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<DeployFixture>
{
    public const string Name = "deploy";
}
