namespace Ivr.Benchmarks.Samples;

/// <summary>
/// Loggers that do the caller's share of logging (level check, message formatting, as the console logger does on the
/// request thread) and then drop the line: the benchmarks count what logging costs the call path, not how fast this
/// machine's stdout drains.
/// </summary>
internal sealed class DiscardingLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => DiscardingLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class DiscardingLogger : ILogger
    {
        public static readonly DiscardingLogger Instance = new();

        private static int sink;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Volatile.Write(ref sink, formatter(state, exception).Length);
    }
}
