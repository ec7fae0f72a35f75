using System.Diagnostics;
using System.Text.Json;

namespace Nox.Api.Tests.OpenApi;

/// <summary>
/// Runs <c>redocly lint</c> with its recommended rules (tests/openapi-lint, a pinned npm project) on an
/// OpenAPI document. Installs the project's dependencies with <c>npm ci</c> once, when node_modules is
/// missing or older than the lockfile. Without node or npm it throws: the lint is part of the tests, not
/// an optional extra.
/// </summary>
public static class RedoclyLint
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool installed;

    public static string ProjectDirectory { get; } = Path.Combine(RepositoryRoot(), "tests", "openapi-lint");

    public static async Task<LintReport> RunAsync(string document)
    {
        var node = Find("node") ?? throw new InvalidOperationException(
            "node was not found on PATH. The OpenAPI lint (tests/openapi-lint) needs Node 20.19 or later and npm.");
        await InstallAsync();

        var file = Path.Combine(Path.GetTempPath(), $"nox-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var result = await RunProcessAsync(
                node,
                [Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", "--config", "redocly.yaml", "--format", "json", file],
                TimeSpan.FromMinutes(2));
            if (result.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"redocly lint failed to run: {result}");
            }

            return LintReport.Parse(result.StandardOutput, result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task InstallAsync()
    {
        await Installing.WaitAsync();
        try
        {
            var marker = Path.Combine(ProjectDirectory, "node_modules", ".package-lock.json");
            var lockfile = Path.Combine(ProjectDirectory, "package-lock.json");
            if (installed || (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(lockfile)))
            {
                installed = true;
                return;
            }

            var npm = Find("npm") ?? throw new InvalidOperationException(
                "npm was not found on PATH. It installs the OpenAPI lint's pinned @redocly/cli (npm ci in tests/openapi-lint).");
            var result = await RunProcessAsync(npm, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {ProjectDirectory} failed: {result}");
            }

            installed = true;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<ProcessResult> RunProcessAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Offline and quiet: no usage telemetry, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nox.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Nox.Orleans.sln above {AppContext.BaseDirectory}.");
    }
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>What <c>redocly lint --format json</c> found: its totals and one line per problem.</summary>
public sealed record LintReport(int Errors, int Warnings, IReadOnlyList<string> Problems)
{
    public static LintReport Parse(string json, ProcessResult run)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"redocly lint did not print a JSON report: {run}");
        }

        var totals = root.GetProperty("totals");
        var problems = root.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))}")
            .ToList();
        return new LintReport(totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), problems);
    }

    public IEnumerable<string> RuleIds => Problems.Select(p => p.Split(' ', 3)[1].TrimEnd(':'));

    public override string ToString() => $"{Errors} errors, {Warnings} warnings:\n{string.Join('\n', Problems)}";
}
