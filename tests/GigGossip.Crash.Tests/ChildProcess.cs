using System.Diagnostics;
using System.Text;

namespace GigGossip.Crash.Tests;

/// <summary>
/// `giggossip ARGS` as a real child process (dotnet exec of the built CLI), its output lines kept so a test can wait
/// for one; <see cref="Kill"/> is SIGKILL. An environment variable set here (e.g. GIGGOSSIP_CRASH_AT) is the child's alone.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>Completes when the process has ended, however it ended.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>How it ended (128 + signal when a signal killed it); kept after <see cref="DisposeAsync"/>.</summary>
    public int ExitCode { get; private set; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The built CLI next to this test assembly (the project reference puts it there).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "giggossip.dll");

    public static ChildProcess Start(string name, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("GIGGOSSIP_CRASH_AT");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Start();
        child.Exited = child.RecordExitAsync();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private async Task RecordExitAsync()
    {
        await _process.WaitForExitAsync();
        ExitCode = _process.ExitCode;
    }

    /// <summary>The first output line matching <paramref name="match"/> (waiting for it), or an error if the process ends first.</summary>
    public async Task<string> LineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var earlier = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (earlier is not null) return earlier;
            _waiters.Add((match, seen));
        }
        var first = await Task.WhenAny(seen.Task, Exited).Within();
        if (first != seen.Task && !seen.Task.IsCompleted)
            throw new InvalidOperationException($"{Name} exited ({ExitCode}) before printing the line waited for:\n{Output}");
        return await seen.Task;
    }

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        await Exited.Within();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        List<TaskCompletionSource<string>> matched;
        lock (_output)
        {
            _output.AppendLine(line);
            matched = [.. _waiters.Where(w => w.Match(line)).Select(w => w.Seen)];
            _waiters.RemoveAll(w => matched.Contains(w.Seen));
        }
        foreach (var seen in matched) seen.TrySetResult(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
