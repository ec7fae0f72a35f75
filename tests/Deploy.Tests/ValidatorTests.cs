using Nox.Deploy.Tests.Infrastructure;

namespace Nox.Deploy.Tests;

/// <summary>The validator is not a pass-through: it rejects what the API server would reject.</summary>
[Collection(DeployCollection.Name)]
public sealed class ValidatorTests(DeployFixture fixture)
{
    [Fact]
    public void Validator_rejects_an_object_that_violates_its_schema()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              selector:
                matchLabels: {app: broken}
              template:
                metadata:
                  labels: {app: broken}
                spec:
                  containers:
                    - name: app
                      image: app
                      ports:
                        - containerPort: "8080"
            """;

        var result = fixture.Validate(yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL apps/v1 Deployment broken", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("containerPort", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_rejects_an_unknown_kind()
    {
        const string yaml = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: nox-silo
            """;

        var result = fixture.Validate(yaml);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown kind", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_rejects_input_without_objects()
    {
        var result = fixture.Validate("---\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no Kubernetes objects", result.StandardError, StringComparison.Ordinal);
    }
}
