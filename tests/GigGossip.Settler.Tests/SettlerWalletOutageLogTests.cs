using System.Net;
using System.Net.Sockets;
using GigGossip.Settler.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Settler.Tests;

/// <summary>While its wallet is down the settler writes one line per retry, waiting twice as long each time, and no stack trace.</summary>
public sealed class SettlerWalletOutageLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wallet_outage_logs_one_line_per_retry_with_back_off_and_no_stack_trace()
    {
        using var dir = new TempDir();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var lines = new LogLines();
        await using var settler = await SettlerServer.StartAsync(new SettlerServerOptions
        {
            Database = dir.File("settler.db"),
            AdminTokenFile = dir.File("admin.token"),
            WalletUri = new Uri($"http://127.0.0.1:{ClosedPort()}/"),
            Time = time,
            Logging = logging =>
            {
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddProvider(lines);
            },
        }, Ct);

        var delays = new List<string>();
        for (var retry = 1; retry <= 5; retry++)
        {
            var line = await lines.WaitForAsync(l => l.Message.Contains($"retry {retry} in"), () => time.Advance(TimeSpan.FromSeconds(1)));
            delays.Add(line.Message[(line.Message.LastIndexOf(" in ", StringComparison.Ordinal) + 4)..]);
        }

        Assert.Equal(["1 s", "2 s", "4 s", "8 s", "16 s"], delays);
        var warnings = lines.All.Where(l => l.Level >= LogLevel.Warning).ToList();
        Assert.All(warnings, l => Assert.Null(l.Exception));
        Assert.All(warnings, l => Assert.DoesNotContain('\n', l.Message));
        // One line per retry: nothing else at warning level repeats with the outage.
        Assert.Equal(warnings.Count, warnings.Select(l => l.Message).Distinct().Count());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Line(LogLevel Level, string Message, Exception? Exception);

    /// <summary>Every log line written, for the test to wait on and inspect.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly Lock _lock = new();
        private readonly List<Line> _lines = [];

        public List<Line> All
        {
            get
            {
                lock (_lock) return [.. _lines];
            }
        }

        /// <summary>Waits for a matching line, calling <paramref name="nudge"/> (advancing the fake clock) while there is none.</summary>
        public async Task<Line> WaitForAsync(Func<Line, bool> match, Action nudge)
        {
            for (var i = 0; i < 10_000; i++)
            {
                if (All.FirstOrDefault(match) is { } line) return line;
                nudge();
                await Task.Delay(10, Ct);
            }
            throw new TimeoutException("no such log line");
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogLines owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._lock) owner._lines.Add(new Line(logLevel, formatter(state, exception), exception));
            }
        }
    }
}
