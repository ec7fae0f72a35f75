using Microsoft.Extensions.Options;

namespace Nox.Api.Tests.Telemetry;

/// <summary>Options a test changes while the host runs (as a configuration reload would).</summary>
public sealed class SettableOptionsMonitor<T>(T initial) : IOptionsMonitor<T>
    where T : class
{
    private volatile T current = initial;

    public T CurrentValue
    {
        get => current;
        set => current = value;
    }

    public T Get(string? name) => current;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
