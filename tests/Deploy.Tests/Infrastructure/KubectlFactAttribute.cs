namespace Nox.Deploy.Tests.Infrastructure;

/// <summary>
/// A fact that needs kubectl. Without kubectl it runs and fails with instructions, unless
/// NOX_SKIP_KUBECTL=1, in which case it is reported as skipped.
/// </summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Tools.SkipWithoutKubectl)
        {
            Skip = $"kubectl is not on PATH and {Tools.SkipKubectlVariable}=1.";
        }
    }
}

/// <summary>A theory that needs kubectl; see <see cref="KubectlFactAttribute"/>.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (Tools.SkipWithoutKubectl)
        {
            Skip = $"kubectl is not on PATH and {Tools.SkipKubectlVariable}=1.";
        }
    }
}
