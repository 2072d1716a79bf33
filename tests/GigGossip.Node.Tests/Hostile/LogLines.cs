using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>A logger factory that keeps every line the node logs (<c>Warning: text</c>), to check that a drop says why.</summary>
internal sealed class LogLines : ILoggerFactory
{
    public AsyncLog<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Lines);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("LogLines keeps the lines itself");

    public void Dispose()
    {
    }

    /// <summary>Waits for a warning that contains every one of <paramref name="parts"/>.</summary>
    public Task<List<string>> WarningAsync(params string[] parts) =>
        Lines.WaitForAsync(line => line.StartsWith("Warning: ", StringComparison.Ordinal) && parts.All(p => line.Contains(p, StringComparison.Ordinal)));

    private sealed class Logger(AsyncLog<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
