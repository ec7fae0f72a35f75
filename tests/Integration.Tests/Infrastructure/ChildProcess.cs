using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nox.Integration.Tests.Infrastructure;

/// <summary>A process the test started; its output is kept for failure messages, and it dies with the test.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ChildProcess(Process process)
    {
        this.process = process;
    }

    public string Name { get; private init; } = string.Empty;

    public bool HasExited => process.HasExited;

    public int Id => process.Id;

    public string Output => string.Join('\n', output.TakeLast(200));

    /// <summary>Every line the process has written so far, standard output and error.</summary>
    public IReadOnlyCollection<string> AllLines => output.ToArray();

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process) { Name = name };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child.output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM, as Kubernetes does, then waits for a graceful exit.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (process.HasExited)
        {
            return;
        }

        // A paused process would not act on SIGTERM until it runs again.
        Resume();
        Signal("TERM");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>Waits for a process that ends by itself (a command); throws with its output if it fails or overruns.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not finish within {timeout}:\n{Output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name} exited with {process.ExitCode}:\n{Output}");
        }
    }

    /// <summary>SIGSTOP: the process stalls (a long GC pause, a frozen VM, a starved node) without dying.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: a paused process runs on.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>SIGKILL: a crash.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private void Signal(string signal)
    {
        if (!process.HasExited)
        {
            Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
    }
}
