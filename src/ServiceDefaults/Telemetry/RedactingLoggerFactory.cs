using Microsoft.Extensions.Logging;

namespace Nox.Telemetry;

/// <summary>
/// The process's <see cref="ILoggerFactory"/>: the framework's own, except that loggers of the
/// <see cref="RawRequestLoggingCategories"/> cannot log below their floor. Log filters cannot give
/// this guarantee, because a provider-specific rule (or any configuration) may lower them again.
/// </summary>
internal sealed class RedactingLoggerFactory(LoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return RawRequestLoggingCategories.FloorOf(categoryName) is { } floor ? new FlooredLogger(logger, floor) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The container owns and disposes <paramref name="inner"/>.</summary>
    public void Dispose()
    {
    }

    private sealed class FlooredLogger(ILogger inner, LogLevel floor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            floor == LogLevel.None ? null : inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= floor && logLevel != LogLevel.None && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
