using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>
/// The images build from the repository root (docker build -f src/X/Dockerfile .). Docker is not
/// needed to check what breaks such a build first: a restore layer that lacks a referenced project,
/// a COPY of a file that is gone or that .dockerignore keeps out, an entry point that is not the
/// published assembly.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed partial class DockerfileTests(DeployFixture fixture)
{
    public static TheoryData<string, string> Images => new()
    {
        { "src/Silo/Dockerfile", "src/Silo/Nox.Orleans.Silo.csproj" },
        { "src/Api/Dockerfile", "src/Api/Nox.Orleans.Api.csproj" },
    };

    public static TheoryData<string> Dockerfiles => new() { "src/Silo/Dockerfile", "src/Api/Dockerfile" };

    [Theory]
    [MemberData(nameof(Images))]
    public void Restore_layer_holds_every_project_the_image_builds_and_the_central_props(string dockerfile, string project)
    {
        var build = Dockerfile.Read(dockerfile).BuildStage();
        var restore = build.FindIndex(i => i.Is("RUN") && i.Arguments.StartsWith("dotnet restore ", StringComparison.Ordinal));
        Assert.True(restore >= 0, $"{dockerfile} has no `RUN dotnet restore` in its build stage");
        Assert.Equal($"dotnet restore {project}", build[restore].Arguments);

        var copied = build.Take(restore).Where(i => i.Is("COPY")).SelectMany(i => i.CopiedFiles()).ToHashSet();
        var needed = ProjectClosure(project).Append("Directory.Build.props").Append("Directory.Packages.props");
        foreach (var file in needed)
        {
            Assert.True(copied.Contains(file), $"{dockerfile} restores before it copies {file} (to the same path)");
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Build_stage_publishes_the_project_the_entry_point_runs(string dockerfile, string project)
    {
        var instructions = Dockerfile.Read(dockerfile).Instructions;
        var publish = Assert.Single(instructions, i => i.Is("RUN") && i.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal));
        var entryPoint = Assert.Single(instructions, i => i.Is("ENTRYPOINT"));

        Assert.StartsWith($"dotnet publish {project} -c Release -o /app ", publish.Arguments, StringComparison.Ordinal);
        Assert.Equal($"[\"dotnet\", \"{AssemblyName(project)}.dll\"]", entryPoint.Arguments);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_file_copied_from_the_build_context_exists_and_is_not_docker_ignored(string dockerfile)
    {
        var ignore = DockerIgnore.Read();
        var sources = Dockerfile.Read(dockerfile).Instructions
            .Where(i => i.Is("COPY") && !i.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(i => i.CopySources())
            .ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = Path.Combine(Repository.Root, source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile} copies {source}, which does not exist");
            Assert.False(ignore.Excludes(source.TrimEnd('/')), $"{dockerfile} copies {source}, which .dockerignore excludes");
        }
    }

    [KubectlTheory]
    [InlineData("src/Silo/Dockerfile", Overlays.Production, K8s.Silo, "silo")]
    [InlineData("src/Api/Dockerfile", Overlays.ProductionSplit, K8s.Api, "api")]
    public void Image_listens_on_the_http_port_the_manifests_probe(string dockerfile, string overlay, string deployment, string container)
    {
        var instructions = Dockerfile.Read(dockerfile).Instructions;
        var port = K8s.ContainerPort(K8s.Container(fixture.Render(overlay).Manifests.Deployment(deployment), container), "http");

        Assert.Contains(instructions, i => i.Is("ENV") && i.Arguments.Contains($"ASPNETCORE_URLS=http://+:{port}", StringComparison.Ordinal));
        Assert.Contains(instructions, i => i.Is("EXPOSE") && i.Arguments.Split(' ').Contains($"{port}"));
    }

    /// <summary>The project and every project it references, directly or not, as repository paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current) ?? string.Empty;
            foreach (var reference in XDocument.Load(Path.Combine(Repository.Root, current)).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value.Replace('\\', '/') ?? string.Empty;
                var full = Path.GetFullPath(Path.Combine(Repository.Root, directory, include));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(Path.Combine(Repository.Root, project)).Descendants("AssemblyName").SingleOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(project);

    /// <summary>A Dockerfile's instructions, with line continuations joined and comments dropped.</summary>
    private sealed record Dockerfile(IReadOnlyList<Instruction> Instructions)
    {
        public static Dockerfile Read(string path)
        {
            var text = File.ReadAllText(Path.Combine(Repository.Root, path)).Replace("\\\r\n", " ").Replace("\\\n", " ");
            var instructions = text.Split('\n')
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(' ', 2))
                .Select(p => new Instruction(p[0].ToUpperInvariant(), Spaces().Replace(p.ElementAtOrDefault(1) ?? string.Empty, " ").Trim()))
                .ToList();
            return new Dockerfile(instructions);
        }

        /// <summary>The instructions of the first stage (the build), after its FROM.</summary>
        public List<Instruction> BuildStage() =>
            Instructions.Skip(1).TakeWhile(i => !i.Is("FROM")).ToList();
    }

    private sealed record Instruction(string Name, string Arguments)
    {
        public bool Is(string name) => Name == name;

        /// <summary>A COPY's sources (flags dropped; the last argument is the destination).</summary>
        public IEnumerable<string> CopySources() =>
            Arguments.Split(' ').Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);

        /// <summary>
        /// The repository paths a COPY puts at the same path under WORKDIR: a file copied into its own
        /// directory (<c>COPY src/A/a.csproj src/A/</c>) or into <c>./</c> from the root.
        /// </summary>
        public IEnumerable<string> CopiedFiles()
        {
            var destination = Arguments.Split(' ').Last();
            return CopySources().Where(source =>
            {
                var directory = Path.GetDirectoryName(source)?.Replace('\\', '/') ?? string.Empty;
                return directory.Length == 0 ? destination is "./" or "." : destination.TrimEnd('/') == directory;
            });
        }
    }

    /// <summary>The patterns of .dockerignore (Go filepath.Match with <c>**</c>, as Docker reads them; no <c>!</c> exceptions are used).</summary>
    private sealed record DockerIgnore(IReadOnlyList<Regex> Patterns)
    {
        public static DockerIgnore Read() => new(File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(p => new Regex("^" + Regex.Escape(p.TrimEnd('/')).Replace(@"\*\*/", "(.*/)?").Replace(@"\*", "[^/]*") + "$"))
            .ToList());

        /// <summary>Whether the path, or a directory it is in, matches a pattern.</summary>
        public bool Excludes(string path)
        {
            var segments = path.Split('/');
            return Enumerable.Range(1, segments.Length)
                .Select(n => string.Join('/', segments.Take(n)))
                .Any(prefix => Patterns.Any(p => p.IsMatch(prefix)));
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
