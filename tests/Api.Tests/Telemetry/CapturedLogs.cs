using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Nox.Api.Tests.Telemetry;

/// <summary>One log call as every sink could see it: message, structured state, exception and scopes.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string EventName, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, string? Exception, IReadOnlyList<string> Scopes)
{
    /// <summary>Everything a log sink could write for this call, as text.</summary>
    public string AllText =>
        string.Join('\n', [Category, Message, .. State.Select(p => $"{p.Key}={p.Value}"), Exception ?? string.Empty, .. Scopes]);
}

/// <summary>
/// A logger provider that keeps every log call, at every level (its filter rule is Trace), with the
/// scopes active at the time: whatever any real sink could have written, this has.
/// </summary>
[ProviderAlias("Captured")]
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> logs = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> All => logs.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeTexts = new List<string>();
            owner.scopes.ForEachScope((scope, list) =>
            {
                list.Add(scope?.ToString() ?? string.Empty);
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                }
            }, scopeTexts);
            var pairs = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.logs.Enqueue(new CapturedLog(
                category,
                logLevel,
                eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                formatter(state, exception),
                [.. pairs],
                exception?.ToString(),
                scopeTexts));
        }
    }
}
