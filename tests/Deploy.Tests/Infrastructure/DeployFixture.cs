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

    /// <summary>
    /// Renders a kustomization directory given relative to deploy/k8s, e.g. "overlays/dev", optionally
    /// with components enabled: "overlays/dev+components/split-api" (see <see cref="RenderWithComponents"/>).
    /// </summary>
    public Rendering Render(string kustomization) =>
        renderings.GetOrAdd(kustomization, k => new Lazy<Rendering>(() =>
        {
            var parts = k.Split('+');
            var directory = Path.Combine(Repository.K8s, parts[0]);
            return parts.Length == 1
                ? RenderNow(directory)
                : RenderWithComponents(directory, parts[1..].Select(c => Path.Combine(Repository.K8s, c)), k);
        })).Value;

    /// <summary>Renders a kustomization at an absolute path (not cached).</summary>
    public static Rendering RenderNow(string directory, string? description = null)
    {
        var kubectl = Tools.RequireKubectl();
        var result = ProcessRunner.Run(kubectl, ["kustomize", directory]);
        return new Rendering(description ?? directory, result);
    }

    /// <summary>
    /// Renders a kustomization with components added to its <c>components:</c>, the way an operator
    /// enables one: in a copy of the directory next to the original (so its relative paths still
    /// resolve and its namespace and generators apply to the components' objects), deleted afterwards.
    /// </summary>
    public static Rendering RenderWithComponents(string directory, IEnumerable<string> components, string? description = null)
    {
        var original = new DirectoryInfo(directory);
        var parent = original.Parent ?? throw new ArgumentException($"{directory} has no parent directory.", nameof(directory));
        var copy = parent.CreateSubdirectory($"{RenderCopyPrefix}{original.Name}-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in original.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(original.FullName, file.FullName));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                file.CopyTo(target);
            }

            var kustomization = Path.Combine(copy.FullName, "kustomization.yaml");
            var entries = components.Select(c => $"  - {Path.GetRelativePath(copy.FullName, c).Replace('\\', '/')}").ToList();
            File.WriteAllLines(kustomization, AddComponents(File.ReadAllLines(kustomization), entries));
            return RenderNow(copy.FullName, description ?? $"{directory} with {string.Join(", ", components)}");
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    /// <summary>Prefix of the throwaway copies <see cref="RenderWithComponents"/> makes (ignored by git).</summary>
    public const string RenderCopyPrefix = ".render-";

    /// <summary>Adds entries under an existing top-level <c>components:</c> key, or adds the key.</summary>
    private static IEnumerable<string> AddComponents(IReadOnlyList<string> lines, IReadOnlyList<string> entries)
    {
        var key = lines.ToList().FindIndex(l => l.TrimEnd() == "components:");
        return key < 0
            ? [.. lines, "components:", .. entries]
            : [.. lines.Take(key + 1), .. entries, .. lines.Skip(key + 1)];
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
