using Nox.Brands;

namespace Nox.Testing.Faults;

/// <summary>
/// A brand connector whose behaviour a test scripts (fail, hang, move the clock); unscripted, it answers
/// as the sandbox does, so tests that do not script it see the default connector.
/// </summary>
public sealed class ScriptedBrandConnector : IBrandConnector
{
    private readonly SandboxBrandConnector sandbox = new();
    private volatile Func<BrandAccount, CancellationToken, Task<BrandConnection>>? script;
    private int calls;

    /// <summary>Connector calls so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Scripts every call until the returned scope is disposed.</summary>
    public IDisposable Script(Func<BrandAccount, CancellationToken, Task<BrandConnection>> behaviour)
    {
        script = behaviour;
        return new Reset(this);
    }

    public Task<BrandConnection> ConnectAsync(BrandAccount account, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        return script is { } scripted ? scripted(account, cancellationToken) : sandbox.ConnectAsync(account, cancellationToken);
    }

    private sealed class Reset(ScriptedBrandConnector owner) : IDisposable
    {
        public void Dispose() => owner.script = null;
    }
}
