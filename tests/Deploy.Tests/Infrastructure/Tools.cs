namespace Nox.Deploy.Tests.Infrastructure;

/// <summary>The external programs the deploy tests use, looked up on PATH.</summary>
public static class Tools
{
    public const string SkipKubectlVariable = "NOX_SKIP_KUBECTL";

    public static string? Kubectl { get; } = Find("kubectl");

    public static bool SkipWithoutKubectl =>
        Kubectl is null && Environment.GetEnvironmentVariable(SkipKubectlVariable) == "1";

    public static string RequireKubectl() =>
        Kubectl ?? throw new InvalidOperationException(
            "kubectl was not found on PATH. The deploy tests render deploy/k8s with `kubectl kustomize` " +
            $"(no cluster needed). Install kubectl, or set {SkipKubectlVariable}=1 to skip these tests.");

    public static string RequireNode() =>
        Find("node") ?? throw new InvalidOperationException(
            "node was not found on PATH. deploy/k8s/validate is a Node tool (Node 20 or later).");

    public static string RequireNpm() =>
        Find("npm") ?? throw new InvalidOperationException(
            "npm was not found on PATH. It installs deploy/k8s/validate's dependencies (npm ci).");

    private static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }

            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".cmd"))
            {
                return candidate + ".cmd";
            }
        }

        return null;
    }
}
