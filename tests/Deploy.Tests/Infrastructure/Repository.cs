namespace Nox.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository, found by walking up from the test assembly to the solution file.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string K8s => Path.Combine(Root, "deploy", "k8s");

    public static string Validator => Path.Combine(K8s, "validate");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nox.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Nox.Orleans.sln was not found above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
